/**
 * Comparing changelogs as Flink's tests do: unordered multisets of `+I[...]` strings; and
 * materializing a changelog (applying -U/-D, and +U by key for upsert sinks) into final rows.
 */

export interface MultisetDiff {
  readonly missing: string[];
  readonly extra: string[];
}

export function multisetDiff(expected: readonly string[], actual: readonly string[]): MultisetDiff {
  const counts = new Map<string, number>();
  for (const e of expected) counts.set(e, (counts.get(e) ?? 0) + 1);
  const extra: string[] = [];
  for (const a of actual) {
    const n = counts.get(a) ?? 0;
    if (n > 0) counts.set(a, n - 1);
    else extra.push(a);
  }
  const missing: string[] = [];
  for (const [e, n] of counts) for (let i = 0; i < n; i++) missing.push(e);
  return { missing, extra };
}

/** Top-level fields of a `[a, b, [c, d]]` row body (nested brackets and braces kept together). */
export function splitFields(body: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0 && body[i + 1] === ' ') {
      fields.push(body.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  fields.push(body.slice(start));
  return fields;
}

/** The final rows (`+I[...]`) a changelog leaves in a sink; keyed by `keyIndexes` for upsert sinks. */
export function materialize(changelog: readonly string[], keyIndexes?: readonly number[]): string[] {
  if (keyIndexes) {
    const byKey = new Map<string, string>();
    for (const entry of changelog) {
      const kind = entry.slice(0, 2);
      const body = entry.slice(3, -1);
      if (kind === '-U') continue;
      const fields = splitFields(body);
      const key = JSON.stringify(keyIndexes.map((i) => fields[i]));
      if (kind === '-D') byKey.delete(key);
      else byKey.set(key, `+I[${body}]`);
    }
    return [...byKey.values()];
  }
  const rows = new Map<string, number>();
  for (const entry of changelog) {
    const kind = entry.slice(0, 2);
    const row = `+I${entry.slice(2)}`;
    const n = rows.get(row) ?? 0;
    if (kind === '+I' || kind === '+U') rows.set(row, n + 1);
    else if (n > 1) rows.set(row, n - 1);
    else rows.delete(row);
  }
  const out: string[] = [];
  for (const [row, n] of rows) for (let i = 0; i < n; i++) out.push(row);
  return out;
}
