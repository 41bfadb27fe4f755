/**
 * The reference's StringsGenerator: random lower-case strings, exact-length padding strings and the
 * `extra` padding that brings each event to its configured average size. Characters are written to a
 * shared byte buffer and decoded once per string, which is several times faster than concatenating
 * one-character strings.
 */
import type { JavaRandom } from './java-random.ts';

const MIN_STRING_LENGTH = 3;
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

/** The scratch buffer as 16-bit units (it starts at offset 0 of its own ArrayBuffer). */
let scratchPairs = new Uint16Array(scratch.buffer, scratch.byteOffset, scratch.length >> 1);

function ensureScratch(length: number): void {
  if (length > scratch.length) {
    scratch = Buffer.allocUnsafeSlow(Math.max(length, scratch.length * 2));
    scratchPairs = new Uint16Array(scratch.buffer, scratch.byteOffset, scratch.length >> 1);
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
  random.letters(buf, length, special);
  let start = 0;
  let end = length;
  // Java's trim() strips every char <= ' '; only the special char can be one here.
  while (start < end && buf[start]! <= SPACE) start++;
  while (end > start && buf[end - 1]! <= SPACE) end--;
  return decode(start, end);
}

/** Draws exactly what `nextString` draws without building the string; returns its (trimmed) length. */
export function skipString(random: JavaRandom, maxLength: number, special = SPACE): number {
  const length = MIN_STRING_LENGTH + random.nextIntBounded(maxLength - MIN_STRING_LENGTH);
  return random.letters(null, length, special);
}

/**
 * `nextExactString(random, length)`: six characters per `nextInt()`, `'a' + rnd % 26` then
 * `rnd /= 26`, with Java's signed remainder and truncating division, so negative draws give the
 * characters just below 'a' exactly as the reference does.
 */
export function nextExactString(random: JavaRandom, length: number): string {
  ensureScratch(length);
  random.fillExactLetters(scratch, scratchPairs, length);
  return decode(0, length);
}

/** The length of `nextExtra`'s string, after drawing what it draws for the length (one draw or none). */
function extraLength(random: JavaRandom, currentSize: number, desiredAverageSize: number): number {
  if (currentSize > desiredAverageSize) return 0;
  const remaining = desiredAverageSize - currentSize;
  const delta = Math.round(remaining * 0.2);
  const minSize = remaining - delta;
  return minSize + (delta === 0 ? 0 : random.nextIntBounded(2 * delta));
}

/**
 * `nextExtra(random, currentSize, desiredAverageSize)`: a string whose length makes
 * `currentSize + length` average `desiredAverageSize` (uniform within ±20% of the remainder).
 */
export function nextExtra(random: JavaRandom, currentSize: number, desiredAverageSize: number): string {
  const size = extraLength(random, currentSize, desiredAverageSize);
  return size === 0 ? '' : nextExactString(random, size);
}

/** Draws exactly what `nextExtra` draws without building the string (a constant-time jump). */
export function skipExtra(random: JavaRandom, currentSize: number, desiredAverageSize: number): void {
  const size = extraLength(random, currentSize, desiredAverageSize);
  random.advance(Math.ceil(size / 6));
}
