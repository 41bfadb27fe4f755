/** Validation errors in Calcite's and Flink's wording, with "did you mean" hints. */
import type { Span } from '../../sql/ast.ts';
import { SqlError } from '../../sql/errors.ts';

export function validationError(message: string, span: Span | undefined, hint?: string): SqlError {
  return new SqlError({
    code: 'VALIDATION',
    message,
    ...(span ? { span } : {}),
    ...(hint ? { hint } : {}),
  });
}

/** Levenshtein distance, case-insensitive (a wrong case is the most likely typo of all). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[y.length]!;
}

/** The candidates nearest to `name` (at most a third of its length away, minimum 1), best first. */
export function nearestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored: { c: string; d: number }[] = [];
  const lower = name.toLowerCase();
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const d = editDistance(name, c);
    const cl = c.toLowerCase();
    // abbreviations (`amt` for amount) and over-long spellings (`BIGINTEGER` for BIGINT) count too
    const related = lower.length >= 3 && cl.length >= 3 && (isSubsequence(lower, cl) || lower.startsWith(cl));
    if (d <= limit || related) scored.push({ c, d: related ? d - 100 : d });
  }
  scored.sort((p, q) => p.d - q.d || p.c.localeCompare(q.c));
  // only the best (equally near) candidates
  const best = scored[0]?.d;
  return scored
    .filter((s) => s.d === best)
    .slice(0, max)
    .map((s) => s.c);
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** `did you mean orders?` / `did you mean a or b?`, or undefined without a close candidate. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const near = nearestNames(name, candidates);
  if (near.length === 0) return undefined;
  return `did you mean ${near.join(' or ')}?`;
}
