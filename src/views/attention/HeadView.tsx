import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkRows, dominantRole, ROLES, type RoleScores } from '../../analysis/attention';
import { Panel } from '../../components/Panel';
import { useWidth } from '../../lib/useWidth';
import { drawLines } from './drawLines';
import { drawHeatmap } from './heatmap';
import { matrixSvg } from './matrixSvg';

export interface HeadViewProps {
  title: string;
  tokens: string[];
  /** `[T][T]` of the selected head (or summary). */
  m: Float32Array;
  T: number;
  causal: boolean;
  mode: 'lines' | 'matrix';
  onMode: (mode: 'lines' | 'matrix') => void;
  /** Pinned query row (from the state), or null. */
  pinned: number | null;
  onPin: (q: number | null) => void;
  scores: RoleScores | null;
  exportName: string;
  exportData: () => unknown;
  /** The open head's switch (absent for a mean/max summary). */
  ablation?: { off: boolean; onToggle: () => void };
}

const ROW_H = 22;
const LABEL_W = 110;
const MIN_GAP = 110;
const MAX_GAP = 420;

function fmt(w: number): string {
  return w >= 0.001 || w === 0 ? w.toFixed(3) : w.toExponential(1);
}

export function HeadView(p: HeadViewProps) {
  const { t } = useTranslation();
  const [hover, setHover] = useState<number | null>(null);
  const [cellTip, setCellTip] = useState<{ q: number; k: number; x: number; y: number } | null>(null);
  const focus = hover ?? (p.pinned != null && p.pinned < p.T ? p.pinned : null);
  const gRef = useRef<SVGGElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const check = useMemo(() => checkRows(p.m, p.T), [p.m, p.T]);
  const longest = useMemo(() => p.tokens.reduce((a, b) => (b.length > a.length ? b : a), ''), [p.tokens]);
  const cell = Math.max(6, Math.min(32, Math.floor(560 / Math.max(1, p.T))));
  // The lines between the two token columns widen with the panel (a projector gets long, readable lines).
  const [box, boxWidth] = useWidth<HTMLDivElement>();
  const gap = Math.round(Math.max(MIN_GAP, Math.min(MAX_GAP, boxWidth - 2 * LABEL_W - 90)));

  useEffect(() => {
    if (p.mode === 'lines' && gRef.current) {
      drawLines(
        gRef.current,
        { T: p.T, m: p.m, tokens: p.tokens },
        { rowH: ROW_H, x0: LABEL_W + 6, x1: LABEL_W + gap - 6, focus, minWeight: 0.004 },
      );
    }
    if (p.mode === 'matrix' && canvasRef.current) drawHeatmap(canvasRef.current, p.m, p.T, { causal: p.causal, focusRow: focus, cell });
  }, [p.mode, p.m, p.T, p.tokens, p.causal, focus, cell, gap]);

  const rowButtonProps = (q: number) => ({
    'aria-pressed': p.pinned === q,
    'aria-label': t('attention.tokenLabel', { token: p.tokens[q] ?? '', n: q }),
    onMouseEnter: () => setHover(q),
    onMouseLeave: () => setHover(null),
    onFocus: () => setHover(q),
    onBlur: () => setHover(null),
    onClick: () => p.onPin(p.pinned === q ? null : q),
  });
  /** SVG labels cannot be <button>s: they get the role, focus and keys of one. */
  const tokenProps = (q: number) => ({
    ...rowButtonProps(q),
    tabIndex: 0,
    role: 'button',
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        p.onPin(p.pinned === q ? null : q);
      }
    },
  });

  const width = LABEL_W * 2 + gap;
  return (
    <Panel
      id="attention.head"
      className="head-view"
      name={p.exportName}
      title={p.title}
      data={p.exportData}
      svg={() => (p.mode === 'lines' ? svgRef.current : matrixSvg(p.tokens, p.m, p.T, p.causal, p.title))}
      data-testid="head-view"
      data-mode={p.mode}
      data-max-above-diagonal={check.maxAboveDiagonal}
      data-max-row-error={check.maxRowError.toExponential(2)}
    >
      <div className="head-view-bar">
        <h3>
          {p.title}
          {p.ablation?.off ? <span className="off-tag inline">{t('ablation.offTag')}</span> : null}
        </h3>
        {p.ablation ? (
          <button
            type="button"
            className={`head-toggle${p.ablation.off ? ' is-off' : ''}`}
            data-testid="head-toggle"
            onClick={p.ablation.onToggle}
          >
            {p.ablation.off ? t('ablation.toggleOn') : t('ablation.toggleOff')}
          </button>
        ) : null}
        <ToggleGroup.Root
          type="single"
          className="toggle"
          value={p.mode}
          aria-label={t('attention.modeLabel')}
          onValueChange={(v) => v && p.onMode(v as 'lines' | 'matrix')}
        >
          <ToggleGroup.Item value="lines" data-testid="mode-lines">
            {t('attention.modeLines')}
          </ToggleGroup.Item>
          <ToggleGroup.Item value="matrix" data-testid="mode-matrix">
            {t('attention.modeMatrix')}
          </ToggleGroup.Item>
        </ToggleGroup.Root>
      </div>
      {p.scores ? (
        <dl className="role-scores" data-testid="role-scores">
          {ROLES.map((r) => (
            <div
              key={r}
              className={dominantRole(p.scores as RoleScores) === r ? 'dominant' : ''}
              data-role={r}
              data-score={(p.scores as RoleScores)[r].toFixed(4)}
            >
              <dt>{t(`attention.roles.${r}`)}</dt>
              <dd>{(p.scores as RoleScores)[r].toFixed(2)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <div className="head-scroll" ref={box}>
        {p.mode === 'lines' ? (
          <svg ref={svgRef} width={width} height={p.T * ROW_H} className="lines-svg" aria-label={p.title}>
            <g ref={gRef} />
            {p.tokens.map((tok, q) => (
              <g key={`q${q}`} className={`tok q${focus === q ? ' focus' : ''}`} {...tokenProps(q)}>
                <rect x={0} y={q * ROW_H + 1} width={LABEL_W} height={ROW_H - 2} rx={4} />
                <text x={LABEL_W - 6} y={q * ROW_H + ROW_H * 0.7} textAnchor="end">
                  {tok}
                </text>
              </g>
            ))}
            {p.tokens.map((tok, k) => {
              const w = focus != null ? (p.m[focus * p.T + k] as number) : null;
              const masked = p.causal && focus != null && k > focus;
              return (
                <g key={`k${k}`} className={`tok k${masked ? ' masked' : ''}`}>
                  <text x={LABEL_W + gap + 6} y={k * ROW_H + ROW_H * 0.7}>
                    {tok}
                    {w != null ? <tspan className="weight">{masked ? `  ${t('attention.cannotSee')}` : `  ${fmt(w)}`}</tspan> : null}
                  </text>
                </g>
              );
            })}
          </svg>
        ) : (
          <div className="matrix-wrap" style={{ gridTemplateColumns: `${LABEL_W}px auto` }}>
            <span />
            <div className="matrix-cols" style={{ width: p.T * cell, height: 80 }}>
              {p.tokens.map((tok, k) => (
                <span key={k} style={{ left: k * cell + cell / 2 }}>
                  {tok}
                </span>
              ))}
            </div>
            <div className="matrix-rows" style={{ height: p.T * cell }}>
              {p.tokens.map((tok, q) => (
                <button
                  type="button"
                  key={`r${q}`}
                  className={focus === q ? 'focus' : ''}
                  style={{ top: q * cell, height: cell, fontSize: Math.min(14, cell) }}
                  {...rowButtonProps(q)}
                >
                  {tok}
                </button>
              ))}
            </div>
            <div className="matrix-canvas">
              <canvas
                ref={canvasRef}
                role="img"
                aria-label={t('attention.tableCaption')}
                onMouseMove={(e) => {
                  const r = e.currentTarget.getBoundingClientRect();
                  const k = Math.floor((e.clientX - r.left) / cell);
                  const q = Math.floor((e.clientY - r.top) / cell);
                  if (q >= 0 && q < p.T && k >= 0 && k < p.T) setCellTip({ q, k, x: e.clientX - r.left, y: e.clientY - r.top });
                }}
                onMouseLeave={() => setCellTip(null)}
              />
              {cellTip ? (
                <div className="cell-tip" role="tooltip" data-testid="cell-tooltip" style={{ left: cellTip.x + 12, top: cellTip.y + 12 }}>
                  {p.tokens[cellTip.q]} → {p.tokens[cellTip.k]}:{' '}
                  {p.causal && cellTip.k > cellTip.q ? t('attention.cannotSee') : fmt(p.m[cellTip.q * p.T + cellTip.k] as number)}
                </div>
              ) : null}
            </div>
          </div>
        )}
      </div>
      {/*
        Under the drawing, and always as tall as its longest text: it changes with the hovered token, and a page that
        grew or shrank there (at the bottom of a phone's page) moved the tokens under the finger between touch and click.
      */}
      <p className="muted small head-hint">
        <span className={focus != null ? undefined : 'hint-off'} aria-hidden={focus == null}>
          {t('attention.focusHint', { token: focus != null ? (p.tokens[focus] ?? '') : longest })}
        </span>
        <span className={focus == null ? undefined : 'hint-off'} aria-hidden={focus != null}>
          {t('attention.hoverHint')}
        </span>
        <span className="hint-off" aria-hidden="true">
          {t('attention.focusHint', { token: longest })}
        </span>
      </p>
      {p.causal ? (
        <p className="legend small">
          <span className="swatch masked" aria-hidden="true" /> {t('attention.maskLegend')}
        </p>
      ) : (
        <p className="legend small">{t('attention.noMaskLegend')}</p>
      )}
      <WeightsTable tokens={p.tokens} m={p.m} T={p.T} causal={p.causal} />
    </Panel>
  );
}

/** The exact weights as a table: the accessible alternative to the drawing, rendered only when opened. */
function WeightsTable({ tokens, m, T, causal }: { tokens: string[]; m: Float32Array; T: number; causal: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="weights-table" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary data-testid="weights-table-toggle">{t('attention.tableSummary')}</summary>
      {open ? (
        <div className="table-scroll">
          <table data-testid="weights-table">
            <caption>{t('attention.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('attention.queryKey')}</th>
                {tokens.map((tok, k) => (
                  <th key={k} scope="col">
                    {tok}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tokens.map((tok, q) => (
                <tr key={q}>
                  <th scope="row">{tok}</th>
                  {tokens.map((_, k) => {
                    const w = m[q * T + k] as number;
                    return (
                      <td key={k} data-q={q} data-k={k} data-w={w} className={causal && k > q ? 'masked' : ''}>
                        {causal && k > q ? '—' : fmt(w)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </details>
  );
}
