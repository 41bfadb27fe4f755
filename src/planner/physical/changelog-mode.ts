/**
 * Changelog modes (Flink's ChangelogMode): which row kinds a stream may carry. Insert-only is [I];
 * a retract stream is [I, UB, UA, D]; an upsert stream is [I, UA, D] (updates without -U, applied by
 * key). Printed as Flink prints them in EXPLAIN: `changelogMode=[I,UB,UA,D]`.
 */

export type ChangeKind = 'I' | 'UB' | 'UA' | 'D';

const ORDER: readonly ChangeKind[] = ['I', 'UB', 'UA', 'D'];

export interface ChangelogMode {
  readonly kinds: readonly ChangeKind[];
}

function modeOf(kinds: Iterable<ChangeKind>): ChangelogMode {
  const set = new Set(kinds);
  return { kinds: ORDER.filter((k) => set.has(k)) };
}

export const INSERT_ONLY: ChangelogMode = modeOf(['I']);
export const RETRACT: ChangelogMode = modeOf(['I', 'UB', 'UA', 'D']);
export const UPSERT: ChangelogMode = modeOf(['I', 'UA', 'D']);

export const hasKind = (m: ChangelogMode, k: ChangeKind): boolean => m.kinds.includes(k);
export const isInsertOnly = (m: ChangelogMode): boolean => m.kinds.length === 1 && m.kinds[0] === 'I';
/** Carries updates or deletes. */
export const isUpdating = (m: ChangelogMode): boolean => m.kinds.some((k) => k !== 'I');

export function unionModes(modes: readonly ChangelogMode[]): ChangelogMode {
  return modeOf(modes.flatMap((m) => m.kinds));
}

export function withoutUpdateBefore(m: ChangelogMode): ChangelogMode {
  return modeOf(m.kinds.filter((k) => k !== 'UB'));
}

export function withUpdateBefore(m: ChangelogMode): ChangelogMode {
  return hasKind(m, 'UA') ? modeOf([...m.kinds, 'UB']) : m;
}

export function formatChangelogMode(m: ChangelogMode): string {
  return m.kinds.length === 0 ? 'NONE' : m.kinds.join(',');
}

/** The `changelog-mode` option of the values connector: `I,UB,UA,D`, `I,UA,D`, `I`. */
export function parseChangelogMode(text: string): ChangelogMode {
  const kinds = text
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s.length > 0);
  for (const k of kinds) {
    if (!ORDER.includes(k as ChangeKind)) {
      throw new Error(`Unknown change kind '${k}' in changelog-mode '${text}'; use a list of I, UB, UA, D`);
    }
  }
  return modeOf(kinds as ChangeKind[]);
}
