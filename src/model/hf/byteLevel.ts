/**
 * GPT-2's byte-level alphabet: every byte 0–255 is written as one printable
 * character (printable Latin-1 bytes as themselves, the others as U+0100 and
 * up, in byte order), so `Ġ` (U+0120) is the space byte and `Ċ` the newline.
 * Here: pieces back to bytes, and bytes to what a person reads.
 */
const toByte = new Map<string, number>();
{
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let extra = 0;
  for (let b = 0; b < 256; b++) toByte.set(String.fromCharCode(printable(b) ? b : 256 + extra++), b);
}

/** The bytes a byte-level piece stands for; null when it is not one (e.g. an added token such as <|endoftext|>). */
export function pieceBytes(piece: string): Uint8Array | null {
  const out = new Uint8Array(piece.length);
  for (let i = 0; i < piece.length; i++) {
    const b = toByte.get(piece[i] as string);
    if (b === undefined) return null;
    out[i] = b;
  }
  return out;
}

/** Length (1–4) of the UTF-8 sequence a lead byte starts; 0 for a continuation byte. */
function seqLength(b: number): number {
  if (b < 0x80) return 1;
  if (b < 0xc0) return 0;
  if (b < 0xe0) return 2;
  if (b < 0xf0) return 3;
  return 4;
}

const hex = (bytes: ArrayLike<number>) => `‹${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')}›`;

/** Spaces as ␣, newlines as ↵, tabs as ⇥, other control characters as their code in hex: a token's whitespace stays visible. */
export function visibleSpace(s: string): string {
  return s
    .replace(/ /g, '␣')
    .replace(/\n/g, '↵')
    .replace(/\t/g, '⇥')
    .replace(/\r/g, '␍')
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => `‹${(c.codePointAt(0) as number).toString(16).padStart(2, '0')}›`);
}

/**
 * Display strings for a sequence of byte-level tokens: a character split
 * over several tokens shows on the token that completes it; a token that
 * completes no character shows its bytes in hex (‹e4 bd›).
 */
export function displaySequence(pieces: readonly (Uint8Array | null)[], fallback: readonly string[]): string[] {
  const dec = new TextDecoder('utf-8');
  const out: string[] = [];
  let carry: number[] = [];
  pieces.forEach((bytes, k) => {
    if (!bytes) {
      carry = [];
      out.push(fallback[k] ?? '');
      return;
    }
    const all = [...carry, ...bytes];
    // Cut after the last complete character; the rest waits for the next token.
    let cut = all.length;
    for (let i = all.length - 1; i >= 0 && i >= all.length - 4; i--) {
      const n = seqLength(all[i] as number);
      if (n === 0) continue;
      cut = i + n <= all.length ? all.length : i;
      break;
    }
    const done = all.slice(0, cut);
    carry = all.slice(cut);
    out.push(done.length ? visibleSpace(dec.decode(new Uint8Array(done))) : hex(bytes));
  });
  return out;
}

/** One token on its own: complete characters decoded, bytes of a partial character in hex. */
export function displayBytes(bytes: Uint8Array): string {
  const dec = new TextDecoder('utf-8', { fatal: true });
  let s = '';
  let i = 0;
  while (i < bytes.length) {
    const n = seqLength(bytes[i] as number);
    if (n > 0 && i + n <= bytes.length) {
      try {
        s += dec.decode(bytes.subarray(i, i + n));
        i += n;
        continue;
      } catch {
        // not a valid sequence: shown as bytes below
      }
    }
    let j = i + 1;
    while (j < bytes.length && seqLength(bytes[j] as number) === 0) j++;
    s += hex(bytes.subarray(i, j));
    i = j;
  }
  return visibleSpace(s);
}
