/**
 * Draws a `[T][T]` attention matrix on a canvas, one cell per query/key
 * pair, in a single-hue sequential scale (readable for colour-blind viewers
 * and in greyscale). For causal models the cells above the diagonal — keys a
 * query cannot see — are hatched instead of coloured.
 */
import { ATTENTION, attentionHeat } from '../../lib/palette';

/** Weight 0..1 → RGB, white to deep blue (perceptually even steps). */
export const weightColor = attentionHeat;

export interface HeatmapOptions {
  causal: boolean;
  /** Query row to emphasise (others are faded), or null. */
  focusRow?: number | null;
  /** Pixels per cell. */
  cell: number;
}

export function drawHeatmap(canvas: HTMLCanvasElement, m: Float32Array, T: number, opts: HeatmapOptions): void {
  const size = T * opts.cell;
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  canvas.width = Math.max(1, Math.round(size * dpr));
  canvas.height = Math.max(1, Math.round(size * dpr));
  canvas.style.width = `${size}px`;
  canvas.style.height = `${size}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, size, size);
  const c = opts.cell;
  for (let q = 0; q < T; q++) {
    const faded = opts.focusRow != null && opts.focusRow !== q;
    for (let k = 0; k < T; k++) {
      if (opts.causal && k > q) {
        ctx.fillStyle = ATTENTION.masked;
        ctx.fillRect(k * c, q * c, c, c);
        if (c >= 6) {
          ctx.strokeStyle = ATTENTION.maskedHatch;
          ctx.lineWidth = 1;
          ctx.beginPath();
          ctx.moveTo(k * c, q * c + c);
          ctx.lineTo(k * c + c, q * c);
          ctx.stroke();
        }
        continue;
      }
      const [r, g, b] = weightColor(m[q * T + k] as number);
      ctx.fillStyle = faded ? `rgba(${r},${g},${b},0.25)` : `rgb(${r},${g},${b})`;
      ctx.fillRect(k * c, q * c, c, c);
    }
  }
  if (opts.focusRow != null && opts.focusRow < T) {
    ctx.strokeStyle = ATTENTION.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(1, opts.focusRow * c + 1, size - 2, c - 2);
  }
}

/** A thumbnail: one pixel per cell, scaled up by CSS without smoothing. */
export function drawThumbnail(canvas: HTMLCanvasElement, m: Float32Array, T: number, causal: boolean): void {
  canvas.width = T;
  canvas.height = T;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(T, T);
  for (let q = 0; q < T; q++) {
    for (let k = 0; k < T; k++) {
      const i = (q * T + k) * 4;
      const [r, g, b] = causal && k > q ? [236, 238, 243] : weightColor(m[q * T + k] as number);
      img.data[i] = r;
      img.data[i + 1] = g;
      img.data[i + 2] = b;
      img.data[i + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}
