import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { type AttentionShape, dominantRole, type HeadSel, headMatrix } from '../../analysis/attention';
import { drawThumbnail } from './heatmap';
import type { HeadRoles } from './useHeadRoles';

interface ThumbProps {
  att: Float32Array;
  shape: AttentionShape;
  layer: number;
  head: HeadSel;
  causal: boolean;
  selected: boolean;
  role: string | null;
  label: string;
  onOpen: () => void;
}

function Thumb({ att, shape, layer, head, causal, selected, role, label, onOpen }: ThumbProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawThumbnail(ref.current, headMatrix(att, shape, layer, head), shape.T, causal);
  }, [att, shape, layer, head, causal]);
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
  shape: AttentionShape;
  causal: boolean;
  layer: number;
  head: HeadSel;
  roles: HeadRoles | null;
  onSelect: (layer: number, head: HeadSel) => void;
}

/** Every layer × head as a thumbnail, plus the mean and max over each layer's heads. */
export function ModelGrid({ att, shape, causal, layer, head, roles, onSelect }: Props) {
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
                shape={shape}
                layer={l}
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
