/**
 * Export shared by every view: any panel as PNG at presentation resolution
 * and as SVG, a chart's <svg> as vector SVG, and the data behind a panel as
 * JSON. Everything happens in the page; nothing is uploaded.
 */

/** Exported images are at least this wide: a 1080p projector shows them pixel for pixel. */
export const PRESENTATION_WIDTH = 1920;

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked late: a busy browser may start reading the blob URL well after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Presentation properties that CSS classes give chart elements; copied inline so the SVG looks the same outside the page. */
const INLINE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

function inlineStyles(source: Element, target: Element): void {
  const cs = getComputedStyle(source);
  const decl = INLINE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
  target.setAttribute('style', `${decl};${target.getAttribute('style') ?? ''}`);
  const a = source.children;
  const b = target.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i] as Element, b[i] as Element);
}

/** The SVG as standalone text, with its computed size, its CSS styles inlined and a white background. */
export function svgToString(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.ceil(width)));
  clone.setAttribute('height', String(Math.ceil(height)));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`);
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = 'text{font-family:system-ui,"Noto Sans","Noto Sans CJK SC",sans-serif}';
  clone.insertBefore(style, clone.firstChild);
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, style.nextSibling);
  return new XMLSerializer().serializeToString(clone);
}

/** An SVG document already serialised (e.g. built from data for export). */
export function downloadSvgText(text: string, filename: string): void {
  download(new Blob([text], { type: 'image/svg+xml' }), filename);
}

export function downloadSvg(svg: SVGSVGElement, filename: string): void {
  download(new Blob([svgToString(svg)], { type: 'image/svg+xml' }), filename);
}

/** Typed arrays become plain arrays; everything else as JSON.stringify sees it. */
export function downloadJson(data: unknown, filename: string): void {
  const text = JSON.stringify(data, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as Float32Array) : v), 1);
  download(new Blob([text], { type: 'application/json' }), filename);
}

/** Leaves out parts marked `data-export-skip` (the export buttons themselves). */
const keep = (n: Node): boolean => !(n instanceof Element && n.hasAttribute('data-export-skip'));

/**
 * Pixel ratio that makes a panel at least PRESENTATION_WIDTH wide (and never less than 2x). The image is
 * floor(width × scale) pixels wide, so the scale is taken on the whole pixels of the width and half a pixel more:
 * 352 × (1920 / 352) is 1919.99… in floating point, and 452.6 × (1920 / 452.6) can be too.
 */
export function presentationScale(cssWidth: number): number {
  return Math.min(8, Math.max(2, (PRESENTATION_WIDTH + 0.5) / Math.max(1, Math.floor(cssWidth))));
}

/** A whole panel (headings, legends, charts, text) as a PNG at presentation resolution. */
export async function panelToPng(el: HTMLElement): Promise<Blob> {
  const { width } = el.getBoundingClientRect();
  // Loaded on the first export only: it is not needed to show anything.
  const { domToBlob } = await import('modern-screenshot');
  return domToBlob(el, { scale: presentationScale(width), backgroundColor: '#ffffff', filter: keep, type: 'image/png' });
}

/** A whole panel as an SVG document: its HTML inside a foreignObject, styles inlined; charts inside stay vector. */
export async function panelToSvg(el: HTMLElement): Promise<string> {
  const { domToForeignObjectSvg } = await import('modern-screenshot');
  const svg = await domToForeignObjectSvg(el, { backgroundColor: '#ffffff', filter: keep });
  return new XMLSerializer().serializeToString(svg);
}

export async function downloadPanelPng(el: HTMLElement, filename: string): Promise<void> {
  download(await panelToPng(el), filename);
}

export async function downloadPanelSvg(el: HTMLElement, filename: string): Promise<void> {
  downloadSvgText(await panelToSvg(el), filename);
}
