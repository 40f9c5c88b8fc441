import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { analyseDrift, subsetAccuracy, targetVectors } from '../../analysis/drift';
import { similarityMatrix } from '../../analysis/senses';
import { Panel } from '../../components/Panel';
import { useWidth } from '../../lib/useWidth';
import { shownToken } from '../../model/textTokenizer';
import { displayPiece } from '../../model/tokenizer';
import { MODELS } from '../../state/models';
import type { DriftChoice, DriftSentence } from '../../state/slices/drift';
import { type DriftPath, drawDrift } from './drawDrift';
import { ACC_COLOUR, drawMetrics, GAP_COLOUR } from './drawMetrics';
import { LensTable } from './LensTable';
import { senseColour, senseSymbol } from './palette';
import { SimMatrix } from './SimMatrix';
import type { ModelRun } from './useDriftRuns';

/** The plot's shape; it is drawn at the size it gets on screen (so its text stays readable on a phone). */
const W = 520;
const H = 400;
const MIN_W = 280;
const MAX_W = 720;

function fmt(v: number, digits = 3): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '–';
}

export function ModelPanel({
  run,
  sentences,
  order,
  cues,
  choice,
}: {
  run: ModelRun;
  sentences: readonly DriftSentence[];
  order: string[];
  /** Per sentence: the sense cue comes before the word (true), after it (false), or unknown (a sentence of the user's). */
  cues: readonly (boolean | undefined)[];
  choice: DriftChoice;
}) {
  const { t } = useTranslation();
  const plotRef = useRef<SVGGElement>(null);
  const [plotBox, boxWidth] = useWidth<HTMLDivElement>(W);
  const pw = Math.round(Math.max(MIN_W, Math.min(MAX_W, boxWidth)));
  const ph = Math.round((pw * H) / W);
  const [focus, setFocus] = useState<number | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const chartRef = useRef<SVGGElement>(null);
  const info = run.info;
  const complete = !!info && run.done === run.total && !run.error;
  const entry = MODELS.find((m) => m.id === run.modelId);
  const name = entry ? t(entry.nameKey) : run.modelId;

  // Sentences whose target was found, with their vectors (position removed or not) at every layer.
  const data = useMemo(() => {
    if (!complete || !info) return null;
    const d = info.config.dModel;
    const rows: { index: number; vectors: Float64Array[] }[] = [];
    run.items.forEach((it, index) => {
      if (!it?.raw || !it.pos || index >= sentences.length) return;
      const stacked = new Float32Array(it.raw.length * d);
      for (let l = 0; l < it.raw.length; l++) stacked.set(it.raw[l] as Float32Array, l * d);
      rows.push({ index, vectors: targetVectors(stacked, 1, d, 0, choice.removePosition ? it.pos : undefined) });
    });
    // Group by sense (in the order senses first appear) so the similarity matrix shows blocks.
    const rank = (i: number) => order.indexOf((sentences[i] as DriftSentence).sense);
    rows.sort((a, b) => rank(a.index) - rank(b.index) || a.index - b.index);
    const senses = rows.map((r) => (sentences[r.index] as DriftSentence).sense);
    const analysis = rows.length
      ? analyseDrift(
          rows.map((r) => r.vectors),
          senses,
          choice.method,
          { centre: choice.centre, seed: choice.seed },
        )
      : null;
    return { rows, senses, analysis };
  }, [complete, info, run.items, sentences, order, choice.removePosition, choice.centre, choice.method, choice.seed]);

  const L = info?.config.nLayers ?? 0;
  const layer = Math.min(choice.layer ?? L, L);
  const simM = useMemo(() => (data ? similarityMatrix(data.rows.map((r) => r.vectors[layer] as Float64Array)) : []), [data, layer]);

  // Do the layer-0 points coincide? (They do when the position vector is removed.)
  const coincide = useMemo(() => {
    const pts = data?.analysis?.points.map((p) => p[0]) ?? [];
    const first = pts[0];
    if (!first || pts.length < 2) return false;
    const span = Math.max(1e-9, ...(data?.analysis?.points.flat().map((p) => Math.hypot(p[0] - first[0], p[1] - first[1])) ?? [0]));
    return pts.every((p) => p && Math.hypot(p[0] - first[0], p[1] - first[1]) <= 1e-6 * span);
  }, [data]);

  const targetToken = data?.rows[0] ? run.items[data.rows[0].index]?.tokens[run.items[data.rows[0].index]?.target.index ?? 0] : undefined;
  const targetPiece = targetToken ? shownToken(targetToken) : undefined;
  const paths: DriftPath[] = useMemo(
    () =>
      data?.analysis
        ? data.rows.map((r, k) => {
            const s = sentences[r.index] as DriftSentence;
            return {
              index: r.index,
              text: s.text,
              sense: s.sense,
              colour: senseColour(order, s.sense),
              symbol: senseSymbol(order, s.sense),
              points: data.analysis?.points[k] ?? [],
            };
          })
        : [],
    [data, sentences, order],
  );

  useEffect(() => {
    if (!plotRef.current) return;
    drawDrift(plotRef.current, paths, {
      width: pw,
      height: ph,
      layer,
      startLabel: coincide ? t('drift.startLabel', { token: displayPiece(targetPiece ?? choice.word) }) : null,
      layerLabel: (l) => t('drift.layerN', { n: l }),
      heading: t('drift.plotHeading', { word: choice.word, model: run.modelId, method: choice.method.toUpperCase(), layer }),
      focus,
      onFocus: setFocus,
    });
  }, [paths, layer, coincide, targetPiece, choice.word, choice.method, run.modelId, focus, t, pw, ph]);

  const metrics = data?.analysis?.metrics ?? [];
  // Accuracy split by where the sense cue sits: a causal model cannot use a cue that comes after the word.
  const byCue = useMemo(() => {
    if (!data) return null;
    const cue = data.rows.map((r) => cues[r.index]);
    if (!cue.some((c) => c === true) || !cue.some((c) => c === false)) return null;
    return metrics.map((m) => ({
      before: subsetAccuracy(
        m.predicted,
        data.senses,
        cue.map((c) => c === true),
      ),
      after: subsetAccuracy(
        m.predicted,
        data.senses,
        cue.map((c) => c === false),
      ),
    }));
  }, [data, cues, metrics]);
  useEffect(() => {
    if (!chartRef.current) return;
    drawMetrics(chartRef.current, metrics, {
      width: 300,
      height: 150,
      layer,
      accLabel: t('drift.accuracy'),
      gapLabel: t('drift.gap'),
      layerAxis: t('drift.layerAxis'),
    });
  }, [metrics, layer, t]);

  const fileBase = `drift-${choice.word}-${run.modelId}`;
  const exportData = () =>
    data?.analysis && info
      ? {
          model: run.modelId,
          word: choice.word,
          method: choice.method,
          seed: choice.method === 'umap' ? choice.seed : undefined,
          positionRemoved: choice.removePosition,
          layersCentred: choice.centre,
          layers: L + 1,
          layout: 'vectors[layer][dModel]; layer 0 = embedding output, layer l = after block l',
          sentences: data.rows.map((r, k) => {
            const it = run.items[r.index];
            return {
              text: sentences[r.index]?.text,
              sense: sentences[r.index]?.sense,
              token: it?.tokens[it.target.index]?.piece,
              tokenIndex: it?.target.index,
              vectors: r.vectors.map((v) => Array.from(v)),
              points: data.analysis?.points[k],
            };
          }),
          metrics,
        }
      : null;

  const lensRows = data
    ? data.rows.map((r) => ({
        index: r.index,
        sense: (sentences[r.index] as DriftSentence).sense,
        colour: senseColour(order, (sentences[r.index] as DriftSentence).sense),
        run: run.items[r.index] as NonNullable<(typeof run.items)[number]>,
      }))
    : [];
  const causal = info?.config.causal;

  return (
    <Panel
      id="drift.models"
      className="drift-panel"
      data-testid="drift-panel"
      data-model={run.modelId}
      aria-label={name}
      name={fileBase}
      title={name}
      data={exportData}
      svg={() => svgRef.current}
      disabled={!complete}
    >
      <header className="drift-panel-head">
        <h3>{name}</h3>
        {info ? <p className="small muted">{causal ? t('drift.causalNote') : t('drift.bidiNote')}</p> : null}
      </header>
      {run.error ? (
        <p className="notice notice-error" role="alert">
          {t('drift.runError', { message: run.error })}
        </p>
      ) : null}
      {!complete && !run.error ? (
        <div className="drift-progress" data-testid="drift-progress">
          <span>{t('drift.progress', { done: run.done, total: run.total })}</span>
          <progress max={Math.max(1, run.total)} value={run.done} aria-label={t('drift.progress', { done: run.done, total: run.total })} />
        </div>
      ) : null}
      <div className="drift-body">
        <div className="drift-figure">
          <div className="drift-plot-wrap" ref={plotBox}>
            <svg
              ref={svgRef}
              className="drift-plot"
              data-testid="drift-plot"
              data-ready={complete && data?.analysis ? 'true' : 'false'}
              data-coincide={coincide ? 'true' : 'false'}
              data-paths={paths.length}
              viewBox={`0 0 ${pw} ${ph}`}
              role="img"
              aria-label={t('drift.plotAria', { word: choice.word, n: paths.length, layer })}
            >
              <g ref={plotRef} />
            </svg>
            {complete && data && data.rows.length === 0 ? <p className="muted drift-empty">{t('drift.noSentences')}</p> : null}
          </div>
          <p className="small drift-caption">
            {coincide ? t('drift.captionCoincide', { word: choice.word }) : t('drift.captionRaw', { word: choice.word })}
          </p>
          <p className="small muted">
            {choice.method === 'pca' && data?.analysis?.explained
              ? t('drift.pcaNote', {
                  a: (100 * data.analysis.explained[0]).toFixed(0),
                  b: (100 * data.analysis.explained[1]).toFixed(0),
                })
              : t('drift.umapNote', { seed: choice.seed })}
            {choice.centre ? ` ${t('drift.centreNote')}` : ''}
          </p>
        </div>
        <div className="drift-details">
          <div className="drift-numbers">
            <div data-testid="drift-metrics" data-layer={layer}>
              <h4>{t('drift.metricsTitle')}</h4>
              <svg className="drift-chart" viewBox="0 0 300 150" role="img" aria-label={t('drift.chartAria')}>
                <g ref={chartRef} />
              </svg>
              <p className="small chart-key">
                <span>
                  <span style={{ color: ACC_COLOUR }} aria-hidden="true">
                    ●
                  </span>{' '}
                  {t('drift.accuracy')}
                </span>{' '}
                <span>
                  <span style={{ color: GAP_COLOUR }} aria-hidden="true">
                    ■
                  </span>{' '}
                  {t('drift.gap')}
                </span>
              </p>
              <table className="metrics-table small">
                <thead>
                  <tr>
                    <th scope="col">{t('drift.layerAxis')}</th>
                    <th scope="col">{t('drift.accuracy')}</th>
                    <th scope="col">{t('drift.gap')}</th>
                    <th scope="col">{t('drift.within')}</th>
                    <th scope="col">{t('drift.across')}</th>
                    {byCue ? (
                      <>
                        <th scope="col">{t('drift.accCueBefore')}</th>
                        <th scope="col">{t('drift.accCueAfter')}</th>
                      </>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {metrics.map((m) => (
                    <tr
                      key={m.layer}
                      data-testid="drift-metric-row"
                      data-layer={m.layer}
                      data-acc={m.accuracy}
                      data-gap={m.gap}
                      className={m.layer === layer ? 'selected' : undefined}
                    >
                      <td>{m.layer}</td>
                      <td>
                        {fmt(m.accuracy, 2)}{' '}
                        <small className="muted">
                          ({m.correct}/{m.scored})
                        </small>
                      </td>
                      <td>{fmt(m.gap)}</td>
                      <td>{fmt(m.within)}</td>
                      <td>{fmt(m.across)}</td>
                      {byCue?.[m.layer] ? (
                        <>
                          <td data-testid="drift-acc-before">
                            {fmt(byCue[m.layer]?.before.accuracy ?? Number.NaN, 2)}{' '}
                            <small className="muted">({byCue[m.layer]?.before.scored})</small>
                          </td>
                          <td data-testid="drift-acc-after">
                            {fmt(byCue[m.layer]?.after.accuracy ?? Number.NaN, 2)}{' '}
                            <small className="muted">({byCue[m.layer]?.after.scored})</small>
                          </td>
                        </>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
              {byCue ? <p className="small muted">{t('drift.cueNote')}</p> : null}
            </div>
            <div>
              <h4>{t('drift.simTitle', { layer })}</h4>
              <SimMatrix m={simM} colours={data ? data.senses.map((s) => senseColour(order, s)) : []} labels={data ? data.senses : []} />
            </div>
          </div>
          <h4>{t('drift.lensTitle', { layer })}</h4>
          <p className="small muted">{causal ? t('drift.lensExplainGpt') : t('drift.lensExplainBert')}</p>
          <LensTable rows={lensRows} layer={layer} causal={!!causal} focus={focus} onFocus={setFocus} />
        </div>
      </div>
    </Panel>
  );
}
