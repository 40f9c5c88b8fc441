/** The matrix mode as a standalone SVG document (for export): cells, hatched mask, token labels. */
import { weightColor } from './heatmap';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function matrixSvg(tokens: string[], m: Float32Array, T: number, causal: boolean, title: string): string {
  const cell = Math.max(8, Math.min(28, Math.floor(640 / T)));
  const pad = 90;
  const size = pad + T * cell + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size + 24}" viewBox="0 0 ${size} ${size + 24}" font-family="system-ui, sans-serif" font-size="${Math.min(12, cell)}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="4" y="16" font-size="14" font-weight="600">${esc(title)}</text>`,
  ];
  const top = pad + 24;
  for (let q = 0; q < T; q++) {
    parts.push(`<text x="${pad - 4}" y="${top + q * cell + cell * 0.75}" text-anchor="end">${esc(tokens[q] ?? '')}</text>`);
    parts.push(`<text transform="translate(${pad + q * cell + cell * 0.75},${top - 4}) rotate(-60)">${esc(tokens[q] ?? '')}</text>`);
    for (let k = 0; k < T; k++) {
      const masked = causal && k > q;
      const [r, g, b] = masked ? [236, 238, 243] : weightColor(m[q * T + k] as number);
      const w = (m[q * T + k] as number).toFixed(4);
      parts.push(
        `<rect x="${pad + k * cell}" y="${top + q * cell}" width="${cell}" height="${cell}" fill="rgb(${r},${g},${b})"><title>${masked ? 'masked' : w}</title></rect>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('');
}
