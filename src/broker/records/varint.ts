/**
 * Zigzag varints as used inside v2 records. Values are JavaScript numbers: 32-bit varints are exact;
 * varlongs are exact up to 2^53, which covers every timestamp delta and length in practice.
 */

/** Result holder reused by callers so that decoding allocates nothing. */
export interface VarintCursor {
  value: number;
  offset: number;
}

export function readVarint(buf: Uint8Array, offset: number, out: VarintCursor): void {
  let raw = 0;
  let shift = 0;
  let b: number;
  let pos = offset;
  do {
    if (pos >= buf.length) throw new RangeError('varint runs past the end of the buffer');
    if (shift > 63) throw new RangeError('varint is longer than 10 bytes');
    b = buf[pos++]!;
    // Multiplication instead of bit shifts keeps precision beyond 32 bits.
    raw += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  // Zigzag decode: even → n/2, odd → -(n+1)/2.
  out.value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  out.offset = pos;
}

export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function varintSize(n: number): number {
  let raw = zigzag(n);
  let size = 1;
  while (raw >= 0x80) {
    raw = Math.floor(raw / 128);
    size++;
  }
  return size;
}

/** Writes `n` zigzag-encoded at `offset`; returns the offset after it. */
export function writeVarint(buf: Uint8Array, offset: number, n: number): number {
  let raw = zigzag(n);
  while (raw >= 0x80) {
    buf[offset++] = (raw % 128) | 0x80;
    raw = Math.floor(raw / 128);
  }
  buf[offset++] = raw;
  return offset;
}
