import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFORMANCE_DIR, runConformance, summaryLine } from '../../src/conformance/runner.ts';

/** Flink 2.x built-in process table functions: every runnable case of these files passes. */
const PTF_FILES = [
  'ToChangelogTestPrograms',
  'FromChangelogTestPrograms',
  'DeduplicateKeepFirstTestPrograms',
  'DeduplicateKeepFirstRestoreTestPrograms',
];

describe.skipIf(!existsSync(DEFAULT_CONFORMANCE_DIR))('conformance: built-in process table functions', () => {
  it('passes TO_CHANGELOG, FROM_CHANGELOG and DEDUPLICATE_KEEP_FIRST', { timeout: 60_000 }, async () => {
    const summary = await runConformance({ files: PTF_FILES });
    const failures = summary.files.flatMap((f) =>
      f.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.detail?.split('\n')[0]}`),
    );
    expect(failures, summaryLine(summary)).toEqual([]);
    expect(summary.passed).toBeGreaterThanOrEqual(44);
  });
});
