import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../analysis/probability';
import type { ChartData } from '../../analysis/samplingChart';
import { useWidth } from '../../lib/useWidth';
import { displayPiece } from '../../model/tokenizer';
import { drawSamplingChart } from './drawSamplingChart';

/** A percentage; exactly 0 reads as 0%. */
const pct = (p: number) => (p === 0 ? '0%' : formatPercent(p));

interface Props {
  data: ChartData;
  pieceOf: (id: number) => string;
  topK: number;
  topP: number;
  title: string;
  /** Before the first step: the distribution only, no token drawn and no u. */
  preview?: boolean;
}

/** The next-token chart of one step, with its export buttons and the removed mass as numbers. */
export function SamplingChart({ data, pieceOf, topK, topP, title, preview = false }: Props) {
  const { t } = useTranslation();
  const [box, width] = useWidth<HTMLDivElement>();
  const svg = useRef<SVGSVGElement>(null);
  const g = useRef<SVGGElement>(null);
  const height = width < 700 ? 380 : 430;
  useEffect(() => {
    if (!g.current) return;
    drawSamplingChart(g.current, data, {
      width,
      height,
      piece: (id) => displayPiece(pieceOf(id)),
      topK,
      topP,
      preview,
      labels: {
        topK: (k) => t('sampling.chart.topK', { k }),
        topP: (p) => t('sampling.chart.topP', { p }),
        beyond: (what, rank) => t('sampling.chart.beyond', { what, rank }),
        rest: (n) => t('sampling.chart.rest', { count: n }),
        u: (u) => t('sampling.chart.u', { u }),
        cdf: preview ? t('sampling.preview.cdf') : t('sampling.chart.cdf'),
        probability: t('sampling.chart.probability'),
        tip: (c) => t(c.kept ? 'sampling.chart.tipKept' : 'sampling.chart.tipCut', c),
      },
    });
  }, [data, width, height, pieceOf, topK, topP, preview, t]);
  const removed = data.removedByK + data.removedByP;
  return (
    <figure className="sampling-figure">
      <div ref={box} className="sampling-chart-box">
        <svg
          ref={svg}
          data-testid="sampling-chart"
          data-kept={data.kept}
          data-drawn={preview ? '' : data.draw.id}
          data-preview={preview ? 'true' : undefined}
          width={width}
          height={height}
          role="img"
          aria-label={title}
          className="sampling-chart"
        >
          <g ref={g} />
        </svg>
      </div>
      <figcaption className="sampling-stats">
        <span className="legend-item">
          <span className="swatch swatch-ghost" aria-hidden="true" />
          {t('sampling.chart.legendTemp')}
        </span>
        <span className="legend-item">
          <span className="swatch swatch-kept" aria-hidden="true" />
          {t('sampling.chart.legendKept')}
        </span>
        {preview ? null : (
          <span className="legend-item">
            <span className="swatch swatch-drawn" aria-hidden="true" />
            {t('sampling.chart.legendDrawn')}
          </span>
        )}
        <span data-testid="removed-mass" data-removed-k={data.removedByK} data-removed-p={data.removedByP}>
          {t('sampling.chart.removed', {
            k: pct(data.removedByK),
            p: pct(data.removedByP),
            total: pct(removed),
            kept: data.kept,
            vocab: data.vocab,
          })}
        </span>
      </figcaption>
    </figure>
  );
}
