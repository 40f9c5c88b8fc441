import * as d3 from 'd3';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { similarityRamp } from '../../lib/palette';

/** Cosine-similarity matrix between sentences at one layer, on a canvas, rows grouped by sense with a colour band. */
export function SimMatrix({ m, colours, labels }: { m: number[][]; colours: string[]; labels: string[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<[number, number] | null>(null);
  const n = m.length;
  let lo = 1;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) lo = Math.min(lo, m[i]?.[j] as number);
  if (n < 2) lo = 0;
  const lower = Math.min(lo, 0.999);
  const colour = d3.scaleSequential(similarityRamp).domain([lower, 1]);
  const band = 6;
  const cell = n ? Math.max(3, Math.min(14, Math.floor(280 / n))) : 1;
  const size = band + n * cell;
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, size, size);
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = colours[i] as string;
      ctx.fillRect(band + i * cell, 0, cell, band - 1);
      ctx.fillRect(0, band + i * cell, band - 1, cell);
      for (let j = 0; j < n; j++) {
        ctx.fillStyle = colour(m[i]?.[j] as number);
        ctx.fillRect(band + j * cell, band + i * cell, cell, cell);
      }
    }
  });
  const cellAt = (e: React.MouseEvent<HTMLCanvasElement>): [number, number] | null => {
    const r = e.currentTarget.getBoundingClientRect();
    const j = Math.floor((e.clientX - r.left - band) / cell);
    const i = Math.floor((e.clientY - r.top - band) / cell);
    return i >= 0 && j >= 0 && i < n && j < n ? [i, j] : null;
  };
  const hv = hover ? (m[hover[0]]?.[hover[1]] as number) : null;
  return (
    <div className="sim-matrix">
      <canvas
        ref={ref}
        width={size}
        height={size}
        style={{ width: size, height: size }}
        data-testid="drift-sim"
        data-n={n}
        role="img"
        aria-label={t('drift.simAria', { n })}
        onMouseMove={(e) => setHover(cellAt(e))}
        onMouseLeave={() => setHover(null)}
      />
      <div className="sim-legend small">
        <span>{lower.toFixed(2)}</span>
        <span
          className="sim-ramp"
          style={{
            background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((q) => colour(lower + q * (1 - lower))).join(',')})`,
          }}
        />
        <span>1.00</span>
      </div>
      <p className="small muted sim-hover" aria-live="polite">
        {hover && hv !== null
          ? t('drift.simHover', { a: hover[0] + 1, b: hover[1] + 1, sa: labels[hover[0]], sb: labels[hover[1]], v: hv.toFixed(3) })
          : t('drift.simHint')}
      </p>
    </div>
  );
}
