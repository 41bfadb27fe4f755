/**
 * Result checksums shared by the engine's sink, the hand-written limits and the DuckDB reference.
 * A row becomes one canonical string (values by their in-flight representation: BIGINT and DECIMAL
 * as the integer's digits, TIMESTAMP(3) as epoch milliseconds, NULL as `∅`) and two 32-bit hashes.
 * The checksum of a table is the sum of its rows' hashes (mod 2^32 each): order-independent, and a
 * retraction subtracts what its insert added, so applying a changelog gives the final table's sum.
 */

const FIELD_SEPARATOR = '\u0001';

/** The canonical text of one value (nested ROWs as bracketed lists). */
export function canonicalValue(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalValue).join(FIELD_SEPARATOR)}]`;
  return JSON.stringify(value);
}

export function canonicalRow(row: readonly unknown[]): string {
  let text = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) text += FIELD_SEPARATOR;
    text += canonicalValue(row[i]);
  }
  return text;
}

/** A multiset checksum: add and remove rows in any order; equal multisets give equal checksums. */
export class TableChecksum {
  private a = 0;
  private b = 0;
  /** Net row count (inserts minus retractions). */
  rows = 0;

  add(text: string, sign: 1 | -1): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    this.a = (this.a + sign * (h1 >>> 0)) >>> 0;
    this.b = (this.b + sign * (h2 >>> 0)) >>> 0;
    this.rows += sign;
  }

  addRow(row: readonly unknown[], sign: 1 | -1): void {
    this.add(canonicalRow(row), sign);
  }

  hex(): string {
    return this.a.toString(16).padStart(8, '0') + this.b.toString(16).padStart(8, '0');
  }
}
