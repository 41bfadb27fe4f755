/**
 * Result checksums shared by the engine's sink, the hand-written limits and the DuckDB reference.
 * A row becomes one canonical string (values by their in-flight representation: BIGINT and DECIMAL
 * as the integer's digits, TIMESTAMP(3) as epoch milliseconds, NULL as `∅`) and two 32-bit hashes.
 * The checksum of a table is the sum of its rows' hashes (mod 2^32 each): order-independent, and a
 * retraction subtracts what its insert added, so applying a changelog gives the final table's sum.
 *
 * `TableChecksum.addRow` hashes a row's canonical text without building it (values are hashed in
 * place, integers digit by digit), because the sink runs inside the measured engine time: it must
 * cost as little as a blackhole can while giving exactly the hash of `canonicalRow(row)`.
 */

const FIELD_SEPARATOR = '\u0001';
const SEPARATOR_CODE = 1;
const MINUS_CODE = 45;
const ZERO_CODE = 48;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

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

const digits = new Uint8Array(24);

/**
 * The hash of `canonicalRow(row)` as [h1, h2] in `out`, computed over the row's values in place:
 * strings char by char, safe integers (numbers and BIGINTs) digit by digit, anything else through
 * `canonicalValue`. One function with the hash in locals: this is the sink's whole per-row cost.
 */
function hashRow(row: readonly unknown[], out: Int32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let f = 0; f < row.length; f++) {
    if (f > 0) {
      h1 = Math.imul(h1 ^ SEPARATOR_CODE, 0x01000193);
      h2 = Math.imul(h2 ^ SEPARATOR_CODE, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    const value = row[f];
    let text: string;
    let n: number | undefined;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'bigint' && value <= SAFE && value >= -SAFE) n = Number(value);
    else if (typeof value === 'number' && Number.isSafeInteger(value))
      n = value; // -0 prints as 0 too
    else text = canonicalValue(value);
    if (n !== undefined) {
      if (n < 0) {
        h1 = Math.imul(h1 ^ MINUS_CODE, 0x01000193);
        h2 = Math.imul(h2 ^ MINUS_CODE, 0x5bd1e995);
        h2 ^= h2 >>> 15;
        n = -n;
      }
      let count = 0;
      if (n < 2_147_483_648) {
        let m = n | 0;
        do {
          const q = (m / 10) | 0;
          digits[count++] = m - q * 10;
          m = q;
        } while (m > 0);
      } else {
        do {
          const q = Math.floor(n / 10);
          digits[count++] = n - q * 10;
          n = q;
        } while (n > 0);
      }
      while (count > 0) {
        const c = ZERO_CODE + digits[--count]!;
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
        h2 ^= h2 >>> 15;
      }
      continue;
    }
    for (let i = 0; i < text!.length; i++) {
      const c = text!.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
  }
  out[0] = h1;
  out[1] = h2;
}

function hashText(text: string, out: Int32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  out[0] = h1;
  out[1] = h2;
}

/** A multiset checksum: add and remove rows in any order; equal multisets give equal checksums. */
export class TableChecksum {
  private a = 0;
  private b = 0;
  /** Net row count (inserts minus retractions). */
  rows = 0;

  private readonly hash = new Int32Array(2);

  /** Adds (sign 1) or removes (sign -1) the row whose canonical text is `text`. */
  add(text: string, sign: 1 | -1): void {
    hashText(text, this.hash);
    this.combine(sign);
  }

  /** `add(canonicalRow(row), sign)` without building the text. */
  addRow(row: readonly unknown[], sign: 1 | -1): void {
    hashRow(row, this.hash);
    this.combine(sign);
  }

  private combine(sign: 1 | -1): void {
    this.a = (this.a + sign * (this.hash[0]! >>> 0)) >>> 0;
    this.b = (this.b + sign * (this.hash[1]! >>> 0)) >>> 0;
    this.rows += sign;
  }

  hex(): string {
    return this.a.toString(16).padStart(8, '0') + this.b.toString(16).padStart(8, '0');
  }
}

/**
 * The limits' sink: rows are hashed 1024 at a time, and the CPU time of the hashing is kept in
 * `cpuUs`, so a limit can be timed without its checksum, as the engine is timed without its sink.
 */
export class MeasuredChecksum {
  readonly checksum = new TableChecksum();
  /** CPU microseconds spent hashing. */
  cpuUs = 0;
  private pending: (readonly unknown[])[] = [];
  private signs: (1 | -1)[] = [];

  addRow(row: readonly unknown[], sign: 1 | -1): void {
    this.pending.push(row);
    this.signs.push(sign);
    if (this.pending.length >= 1024) this.flush();
  }

  /** Hashes the rows added so far. */
  flush(): void {
    const start = process.cpuUsage();
    for (let i = 0; i < this.pending.length; i++) this.checksum.addRow(this.pending[i]!, this.signs[i]!);
    this.pending = [];
    this.signs = [];
    const used = process.cpuUsage(start);
    this.cpuUs += used.user + used.system;
  }
}
