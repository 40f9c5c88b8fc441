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
}

function Thumb({ att, shape, layer, slot, head, causal, selected, role, label, onOpen }: ThumbProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // slot < 0: this layer's attention was not read (a long text on a big model); the canvas stays empty until it is opened.
    if (ref.current && slot >= 0) drawThumbnail(ref.current, headMatrix(att, shape, slot, head), shape.T, causal);
    else ref.current?.getContext('2d')?.clearRect(0, 0, ref.current.width, ref.current.height);
  }, [att, shape, slot, head, causal]);
  return (
    <button
      type="button"
      className={`head-thumb${selected ? ' selected' : ''}${typeof head === 'string' ? ' summary' : ''}`}
      data-testid="head-thumb"
      data-layer={layer}
      data-head={head}
      data-role={role ?? ''}
      aria-pressed={selected}
      aria-label={label}
      title={label}
      onClick={onOpen}
    >
      <canvas ref={ref} />
      {role ? <span className={`role-tag role-${role}`}>{role}</span> : null}
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
}

/** Every layer × head as a thumbnail, plus the mean and max over each layer's heads. */
export function ModelGrid({ att, at, shape, causal, layer, head, roles, onSelect }: Props) {
  const { t } = useTranslation();
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
            const name = typeof h === 'number' ? t('attention.headTitle', { layer: l, head: h }) : t(`attention.${h}Title`, { layer: l });
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
              />
            );
          })}
        </div>
      ))}
    </div>
  );
}
