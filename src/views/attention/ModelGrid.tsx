import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type AttentionShape, dominantRole, type HeadSel, headMatrix } from '../../analysis/attention';
import { drawThumbnail } from './heatmap';
import type { HeadRoles } from './useHeadRoles';

interface ThumbProps {
  att: Float32Array;
  /** Shape of `att`. */
  shape: AttentionShape;
  layer: number;
  /** Where the layer is in `att`; -1 when its attention was not read. */
  slot: number;
  head: HeadSel;
  causal: boolean;
  selected: boolean;
  role: string | null;
  label: string;
  onOpen: () => void;
  /** Switched off (heads only; summaries are never). */
  ablated: boolean;
  /** Switches the head off or on (X on the focused square); absent for summaries. */
  onToggle?: () => void;
  /** Importance map: the loss change without this head and the colour it is drawn in. */
  importance?: { delta: number; colour: string; text: string };
  induction?: number;
}

function Thumb(p: ThumbProps) {
  const { att, shape, layer, slot, head, causal, selected, role, label, onOpen, ablated, onToggle, importance } = p;
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // slot < 0: this layer's attention was not read (a long text on a big model); the canvas stays empty until it is opened.
    if (ref.current && slot >= 0) drawThumbnail(ref.current, headMatrix(att, shape, slot, head), shape.T, causal);
    else ref.current?.getContext('2d')?.clearRect(0, 0, ref.current.width, ref.current.height);
  }, [att, shape, slot, head, causal]);
  return (
    <button
      type="button"
      className={`head-thumb${selected ? ' selected' : ''}${typeof head === 'string' ? ' summary' : ''}${ablated ? ' ablated' : ''}`}
      data-testid="head-thumb"
      data-layer={layer}
      data-head={head}
      data-role={role ?? ''}
      data-ablated={ablated ? 'true' : 'false'}
      data-induction={p.induction === undefined ? undefined : p.induction.toFixed(4)}
      data-importance={importance ? importance.delta.toFixed(6) : undefined}
      aria-pressed={selected}
      aria-label={label}
      title={label}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (onToggle && (e.key === 'x' || e.key === 'X') && !e.ctrlKey && !e.metaKey && !e.altKey) {
          e.preventDefault();
          onToggle();
        }
      }}
    >
      <canvas ref={ref} />
      {importance ? (
        <span className="importance-cell" style={{ background: importance.colour }} aria-hidden="true">
          {importance.text}
        </span>
      ) : null}
      {role ? <span className={`role-tag role-${role}`}>{role}</span> : null}
      {ablated ? <span className="off-tag">{t('ablation.offTag')}</span> : null}
    </button>
  );
}

interface Props {
  att: Float32Array;
  /** Where each layer is in `att` (-1: not read) and the shape of `att` itself. */
  at: { shape: AttentionShape; index: (layer: number) => number };
  shape: AttentionShape;
  causal: boolean;
  layer: number;
  head: HeadSel;
  roles: HeadRoles | null;
  onSelect: (layer: number, head: HeadSel) => void;
  /** Whether a head is switched off, and switching it. */
  isOff: (layer: number, head: number) => boolean;
  onToggle: (layer: number, head: number) => void;
  /** Importance map `[L][H]` (NaN: not measured yet), or null. */
  importance: Float64Array | null;
}

/** Diverging colour of a loss change: red when the text gets harder without the head, blue when easier; alpha by size. */
function importanceColour(delta: number, max: number): string {
  const a = Math.min(1, Math.abs(delta) / max);
  return delta >= 0 ? `rgba(213, 94, 0, ${(0.15 + 0.7 * a).toFixed(3)})` : `rgba(0, 114, 178, ${(0.15 + 0.7 * a).toFixed(3)})`;
}

function short(delta: number): string {
  const s = Math.abs(delta) >= 10 ? Math.abs(delta).toFixed(0) : Math.abs(delta).toFixed(2);
  return delta > 0 ? `+${s}` : delta < 0 && Number(s) !== 0 ? `−${s}` : s;
}

/** Every layer × head as a thumbnail, plus the mean and max over each layer's heads. */
export function ModelGrid({ att, at, shape, causal, layer, head, roles, onSelect, isOff, onToggle, importance }: Props) {
  const { t } = useTranslation();
  let max = 1e-6;
  if (importance) for (const v of importance) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  const heads = Array.from({ length: shape.H }, (_, h) => h);
  // Many heads (GPT-2: 12, gpt2-medium: 16): column labels shrink to the head number, thumbnails keep a readable size.
  const compact = shape.H > 6;
  return (
    <div
      className="attention-grid"
      data-testid="attention-grid"
      style={{
        gridTemplateColumns: `auto repeat(${shape.H + 2}, minmax(${compact ? '1.4rem' : '0'}, 1fr))`,
        overflowX: compact ? 'auto' : undefined,
      }}
    >
      <span />
      {heads.map((h) => (
        <span key={h} className="grid-head-label" title={t('attention.headN', { n: h })}>
          {compact ? h : t('attention.headN', { n: h })}
        </span>
      ))}
      <span className="grid-head-label">{compact ? t('attention.meanShort') : t('attention.mean')}</span>
      <span className="grid-head-label">{compact ? t('attention.maxShort') : t('attention.max')}</span>
      {Array.from({ length: shape.L }, (_, l) => (
        <div key={l} className="grid-row" style={{ display: 'contents' }}>
          <span className="grid-layer-label">{t('attention.layerN', { n: l })}</span>
          {[...heads, 'mean' as const, 'max' as const].map((h) => {
            const scores = typeof h === 'number' ? roles?.scores[l]?.[h] : undefined;
            const role = scores ? dominantRole(scores) : null;
            const base = typeof h === 'number' ? t('attention.headTitle', { layer: l, head: h }) : t(`attention.${h}Title`, { layer: l });
            const off = typeof h === 'number' && isOff(l, h);
            const delta = typeof h === 'number' && importance ? (importance[l * shape.H + h] as number) : Number.NaN;
            const measured = Number.isFinite(delta);
            const name = [base, off ? t('ablation.offTag') : '', measured ? t('ablation.importanceCell', { delta: short(delta) }) : '']
              .filter(Boolean)
              .join(' · ');
            return (
              <Thumb
                key={String(h)}
                att={att}
                shape={at.shape}
                layer={l}
                slot={at.index(l)}
                head={h}
                causal={causal}
                selected={layer === l && head === h}
                role={role}
                label={role ? `${name} — ${t(`attention.roles.${role}`)}` : name}
                onOpen={() => onSelect(l, h)}
                ablated={off}
                onToggle={typeof h === 'number' ? () => onToggle(l, h) : undefined}
                importance={measured ? { delta, colour: importanceColour(delta, max), text: short(delta) } : undefined}
                induction={scores?.induction}
              />
            );
          })}
        </div>
      ))}
    </div>
  );
}
