/**
 * The reference's StringsGenerator: random lower-case strings, exact-length padding strings and the
 * `extra` padding that brings each event to its configured average size. Characters are written to a
 * shared byte buffer and decoded once per string, which is several times faster than concatenating
 * one-character strings.
 */
import type { JavaRandom } from './java-random.ts';

const MIN_STRING_LENGTH = 3;
const CHAR_A = 97;
const SPACE = 32;

// Every byte written is ASCII (the lowest is 'a' - 25 = 'H'), so latin1 decoding is exact. Buffer's
// latin1 slice is the cheapest byte-to-string path measured (about twice TextDecoder's rate); calling
// the slicer directly skips Buffer#toString's encoding dispatch.
interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}
let scratch = Buffer.allocUnsafeSlow(4096);
const hasLatin1Slice = typeof (scratch as unknown as Partial<Latin1Slicer>).latin1Slice === 'function';

function decode(start: number, end: number): string {
  if (end <= start) return '';
  return hasLatin1Slice
    ? (scratch as unknown as Latin1Slicer).latin1Slice(start, end)
    : scratch.toString('latin1', start, end);
}

function ensureScratch(length: number): void {
  if (length > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(length, scratch.length * 2));
}

/**
 * Three base-26 digits of 0 … 26^3-1 as characters, least significant first: `'a' + d` for a
 * non-negative draw, `'a' - d` for a negative one (Java's remainder keeps the dividend's sign).
 */
const TRIPLE = 26 * 26 * 26;
const POSITIVE_TRIPLES = new Uint8Array(TRIPLE * 3);
const NEGATIVE_TRIPLES = new Uint8Array(TRIPLE * 3);
for (let v = 0; v < TRIPLE; v++) {
  const digits = [v % 26, Math.floor(v / 26) % 26, Math.floor(v / 676)];
  for (let k = 0; k < 3; k++) {
    POSITIVE_TRIPLES[v * 3 + k] = CHAR_A + digits[k]!;
    NEGATIVE_TRIPLES[v * 3 + k] = CHAR_A - digits[k]!;
  }
}

/**
 * `nextString(random, maxLength, special)`: 3 to maxLength-1 characters, each `special` with
 * probability 1/13 and otherwise a random letter, then trimmed like Java's `String.trim()`.
 */
export function nextString(random: JavaRandom, maxLength: number, special = SPACE): string {
  const length = MIN_STRING_LENGTH + random.nextIntBounded(maxLength - MIN_STRING_LENGTH);
  ensureScratch(length);
  const buf = scratch;
  for (let i = 0; i < length; i++) {
    buf[i] = random.nextIntBounded(13) === 0 ? special : CHAR_A + random.nextIntBounded(26);
  }
  let start = 0;
  let end = length;
  // Java's trim() strips every char <= ' '; only the special char can be one here.
  while (start < end && buf[start]! <= SPACE) start++;
  while (end > start && buf[end - 1]! <= SPACE) end--;
  return decode(start, end);
}

/**
 * `nextExactString(random, length)`: six characters per `nextInt()`, `'a' + rnd % 26` then
 * `rnd /= 26`, with Java's signed remainder and truncating division, so negative draws give the
 * characters just below 'a' exactly as the reference does. The six digits are read two triples at a
 * time from tables instead of six divisions.
 */
export function nextExactString(random: JavaRandom, length: number): string {
  ensureScratch(length);
  const buf = scratch;
  let i = 0;
  while (i < length) {
    const rnd = random.nextInt();
    const table = rnd < 0 ? NEGATIVE_TRIPLES : POSITIVE_TRIPLES;
    const magnitude = rnd < 0 ? -rnd : rnd;
    const low = magnitude % TRIPLE;
    const high = ((magnitude - low) / TRIPLE) % TRIPLE;
    const lo3 = low * 3;
    const hi3 = high * 3;
    if (length - i >= 6) {
      buf[i] = table[lo3]!;
      buf[i + 1] = table[lo3 + 1]!;
      buf[i + 2] = table[lo3 + 2]!;
      buf[i + 3] = table[hi3]!;
      buf[i + 4] = table[hi3 + 1]!;
      buf[i + 5] = table[hi3 + 2]!;
      i += 6;
    } else {
      for (let k = 0; i < length; k++, i++) buf[i] = k < 3 ? table[lo3 + k]! : table[hi3 + k - 3]!;
    }
  }
  return decode(0, length);
}

/**
 * `nextExtra(random, currentSize, desiredAverageSize)`: a string whose length makes
 * `currentSize + length` average `desiredAverageSize` (uniform within ±20% of the remainder).
 */
export function nextExtra(random: JavaRandom, currentSize: number, desiredAverageSize: number): string {
  if (currentSize > desiredAverageSize) return '';
  const remaining = desiredAverageSize - currentSize;
  const delta = Math.round(remaining * 0.2);
  const minSize = remaining - delta;
  const size = minSize + (delta === 0 ? 0 : random.nextIntBounded(2 * delta));
  return nextExactString(random, size);
}
