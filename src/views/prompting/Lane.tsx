import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { attentionByKind, type SegmentKind } from '../../analysis/prompting';
import { shownToken, type TextTokenizer } from '../../model/textTokenizer';
import type { LaneResult } from './useLanes';

/** A probability as a percentage for reading, not science: "<0.1%" below a thousandth. */
export function pct(p: number): string {
  if (p <= 0) return '0%';
  if (p < 0.001) return '<0.1%';
  return `${(100 * p).toFixed(p < 0.1 ? 1 : 0)}%`;
}

/** Shading of a token by the attention it receives (relative to the lane's largest weight). */
function shade(w: number, max: number): string {
  const a = max > 0 ? Math.min(1, w / max) : 0;
  return `rgba(0, 114, 178, ${(0.5 * a).toFixed(3)})`;
}

function PromptTokens({ lane, weights }: { lane: LaneResult; weights: Float64Array }) {
  const { t } = useTranslation();
  const max = weights.reduce((m, w) => Math.max(m, w), 0);
  const text = lane.tokens.length > 0 ? lane.prompt.text.normalize('NFKC').toLowerCase().replace(/\r\n?/g, '\n') : '';
  let at = 0;
  return (
    <pre className="shot-prompt" data-testid="shot-prompt">
      {lane.tokens.map((tok, i) => {
        const seg = lane.segments[i];
        const kind: SegmentKind = seg?.kind ?? 'format';
        const gap = text.slice(at, tok.start);
        at = tok.end;
        const w = weights[i] ?? 0;
        return (
          <Fragment key={`${tok.start}-${i}`}>
            {gap.replace(/[^\n]/g, ' ')}
            <span
              className={`shot-tok shot-${kind}`}
              data-kind={kind}
              data-example={seg?.example ?? undefined}
              data-att={w.toFixed(5)}
              style={{ backgroundColor: shade(w, max) }}
              title={t('prompting.lane.tokenTitle', {
                piece: shownToken(tok),
                part: t(`prompting.kind.${kind}`),
                att: pct(w),
              })}
            >
              {tok.piece === '\n' ? '↵\n' : tok.text}
            </span>
          </Fragment>
        );
      })}
      <span className="shot-answer-slot" aria-hidden="true">
        ▮
      </span>
    </pre>
  );
}

export function Lane({
  lane,
  weights,
  scaleMax,
  tokenizer,
  title,
}: {
  lane: LaneResult;
  weights: Float64Array;
  scaleMax: number;
  tokenizer: TextTokenizer;
  title: string;
}) {
  const { t } = useTranslation();
  const byKind = attentionByKind(
    weights,
    lane.segments.map((s) => s?.kind ?? null),
  );
  const ticks = [0, scaleMax / 2, scaleMax];
  const expectedInTop = lane.expected ? lane.top.some((c) => c.id === lane.expected?.id) : false;
  const bar = (id: number, p: number, expected: boolean) => (
    <li
      key={id}
      data-testid="shot-candidate"
      data-token={tokenizer.pieceOf(id)}
      data-prob={p.toPrecision(6)}
      className={expected ? 'shot-expected' : undefined}
    >
      <span className="next-piece">{tokenizer.display(id)}</span>
      <span className="bar" aria-hidden="true">
        <span style={{ width: `${Math.min(100, (100 * p) / scaleMax)}%` }} />
      </span>
      <span className="next-prob">{pct(p)}</span>
    </li>
  );
  return (
    <article
      className="panel shot-lane"
      data-testid="shot-lane"
      data-shots={lane.shots}
      data-k={lane.prompt.k}
      data-correct={String(lane.correct)}
      data-completion={lane.completion}
      aria-label={title}
    >
      <header className="shot-lane-head">
        <h3>{title}</h3>
        <span className={`shot-verdict ${lane.correct ? 'ok' : 'wrong'}`} data-testid="shot-verdict">
          {lane.correct ? `✓ ${t('prompting.lane.correct')}` : `✗ ${t('prompting.lane.wrong')}`}
        </span>
      </header>
      {lane.prompt.k < lane.prompt.requested ? (
        <p className="notice small">{t('prompting.lane.shortened', { k: lane.prompt.k, requested: lane.prompt.requested })}</p>
      ) : null}
      <PromptTokens lane={lane} weights={weights} />
      <p className="small shot-att-summary">
        {t('prompting.lane.attSummary', {
          examples: pct(byKind.input + byKind.output),
          query: pct(byKind.query),
          instruction: pct(byKind.instruction),
          format: pct(byKind.format),
        })}
      </p>
      <div className="shot-answer">
        <div>
          <span className="muted small">{t('prompting.lane.completion')}</span>{' '}
          <strong className="shot-completion" data-testid="shot-completion">
            {lane.completion.trim() === '' ? t('prompting.lane.empty') : lane.completion}
          </strong>
        </div>
        <div>
          <span className="muted small">{t('prompting.lane.expected')}</span> <strong>{lane.prompt.query.output}</strong>
        </div>
      </div>
      <h4 className="small shot-dist-h">{t('prompting.lane.distribution')}</h4>
      <ol className="next-tokens shot-dist">{lane.top.map((c) => bar(c.id, c.p, c.id === lane.expected?.id))}</ol>
      {lane.expected && !expectedInTop ? (
        <p className="small muted">
          {t('prompting.lane.expectedRank', {
            piece: tokenizer.display(lane.expected.id),
            p: pct(lane.expected.p),
            rank: lane.expected.rank,
          })}
        </p>
      ) : null}
      <div className="shot-axis small muted" aria-hidden="true">
        <span />
        <span className="shot-axis-ticks">
          {ticks.map((v) => (
            <span key={v}>{pct(v)}</span>
          ))}
        </span>
        <span />
      </div>
    </article>
  );
}
