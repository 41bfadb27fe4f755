/**
 * Runs conformance files and summarises them: per file passed / failed / skipped, and a final
 * `N passed, M failed, K skipped` line. A case that throws is a failure (with its error), never a
 * crash of the runner.
 */
import { resolve } from 'node:path';
import { type ConformanceFile, conformanceFiles, loadConformanceFile } from './cases.ts';
import { type CaseResult, runCase } from './run-case.ts';

/** `../shared/conformance/flink` relative to the repository root (read in place, never copied). */
export const DEFAULT_CONFORMANCE_DIR = resolve(import.meta.dirname, '../../../shared/conformance/flink');

export interface RunnerOptions {
  readonly dir?: string;
  /** Substring of a file name or case id; only matching cases run. */
  readonly filter?: string;
  /** Only these files (names without .json). */
  readonly files?: readonly string[];
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  readonly verbose?: boolean;
}

export interface FileSummary {
  readonly file: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly results: readonly CaseResult[];
}

export interface RunSummary {
  readonly files: readonly FileSummary[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export function summaryLine(s: { passed: number; failed: number; skipped: number }): string {
  return `${s.passed} passed, ${s.failed} failed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''}`;
}

function selected(file: ConformanceFile, filter: string | undefined): ConformanceFile['cases'] {
  if (filter === undefined || file.name.includes(filter)) return file.cases;
  return file.cases.filter((c) => c.id.includes(filter));
}

export async function runConformance(options: RunnerOptions = {}): Promise<RunSummary> {
  const dir = options.dir ?? DEFAULT_CONFORMANCE_DIR;
  const log = options.log ?? (() => {});
  const files: FileSummary[] = [];
  for (const path of conformanceFiles(dir)) {
    const file = loadConformanceFile(path);
    if (options.files && !options.files.includes(file.name)) continue;
    const cases = selected(file, options.filter);
    if (cases.length === 0) continue;
    const results: CaseResult[] = [];
    for (const c of cases) {
      const result = await runCase(
        c,
        options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
      );
      results.push(result);
      if (options.verbose && result.status === 'failed') {
        log(`  FAIL ${result.id}${result.crashed ? ' (error)' : ''}\n${indent(result.detail ?? '')}`);
      }
      if (options.verbose && result.status === 'skipped') log(`  SKIP ${result.id}: ${result.detail ?? ''}`);
    }
    const count = (s: CaseResult['status']): number => results.filter((r) => r.status === s).length;
    const summary = {
      file: file.name,
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      results,
    };
    files.push(summary);
    log(`${file.name}: ${summary.passed} passed / ${summary.failed} failed / ${summary.skipped} skipped`);
  }
  const total = (k: 'passed' | 'failed' | 'skipped'): number => files.reduce((n, f) => n + f[k], 0);
  return { files, passed: total('passed'), failed: total('failed'), skipped: total('skipped') };
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
