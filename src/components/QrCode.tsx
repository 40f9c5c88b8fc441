import QRCode from 'qrcode';
import { useMemo } from 'react';

/**
 * QR code of a link, drawn as SVG rectangles from the module matrix (no HTML injection, no data URL),
 * so students can open the teacher's current state on their own devices.
 */
export function QrCode({ text, label, size = 220 }: { text: string; label: string; size?: number }) {
  const cells = useMemo(() => {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const on: Array<[number, number]> = [];
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(x, y)) on.push([x, y]);
    return { n, on };
  }, [text]);
  const q = 4; // quiet zone in modules
  const total = cells.n + 2 * q;
  const d = cells.on.map(([x, y]) => `M${x + q} ${y + q}h1v1h-1z`).join('');
  return (
    <svg
      data-testid="link-qr"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${total} ${total}`}
      shapeRendering="crispEdges"
    >
      <rect width={total} height={total} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
