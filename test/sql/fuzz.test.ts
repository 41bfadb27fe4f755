import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScript, SqlError, splitStatements, tokenize } from '../../src/sql/index.ts';

const CASES = 20_000;
/** The most one case may take (CPU time of this process, see below). */
const MAX_CASE_MS = 50;

/** mulberry32: a small seeded PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = new URL('../../grammar/corpus/accept/', import.meta.url);
const statements: string[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
  for (const piece of splitStatements(readFileSync(new URL(file, dir), 'utf8'))) statements.push(piece.text);
}
const vocabulary = [
  'SELECT',
  'FROM',
  ',',
  '(',
  ')',
  ';',
  "'x'",
  '`q`',
  'AS',
  'JOIN',
  'ON',
  '1',
  '*',
  'END',
  'BEGIN',
  '/*+',
  '*/',
  '--',
  '?',
  '.',
  'WITH',
  'TABLE',
];

function mutate(sql: string, rand: () => number): string {
  let pieces: string[];
  try {
    pieces = tokenize(sql).map((t) => t.image);
  } catch {
    pieces = sql.split(/\s+/);
  }
  const pick = (n: number) => Math.floor(rand() * n);
  const edits = 1 + pick(3);
  for (let e = 0; e < edits && pieces.length > 0; e++) {
    const i = pick(pieces.length);
    switch (pick(4)) {
      case 0:
        pieces.splice(i, 1);
        break;
      case 1:
        pieces.splice(i, 0, vocabulary[pick(vocabulary.length)]!);
        break;
      case 2: {
        const j = pick(pieces.length);
        [pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
        break;
      }
      default:
        pieces = pieces.slice(0, i);
    }
  }
  return pieces.join(rand() < 0.2 ? '\n' : ' ');
}

interface Timed {
  sql: string;
  cpuMs: number;
  wallMs: number;
}

describe('parser fuzz', () => {
  it('never throws and reports positions inside the input (mutated corpus statements)', () => {
    const rand = prng(20240501);
    // Building the parser (grammar analysis, once per process) is not a per-case cost.
    parseScript('SELECT 1');
    const started = performance.now();
    const deadline = started + 60_000;
    const slowest: Timed[] = [];
    let cases = 0;
    let errorCount = 0;
    for (; cases < CASES && performance.now() < deadline; cases++) {
      const sql = mutate(statements[Math.floor(rand() * statements.length)]!, rand);
      // CPU time is what the parser costs; wall time on a shared 2-core machine also counts the time
      // other processes held the CPU, so it is logged but not asserted.
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      const { errors } = parseScript(sql);
      const wallMs = performance.now() - wallBefore;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      slowest.push({ sql, cpuMs, wallMs });
      if (slowest.length > 40) {
        slowest.sort((a, b) => b.cpuMs - a.cpuMs);
        slowest.length = 5;
      }
      errorCount += errors.length;
      const lines = sql.split('\n');
      for (const err of errors) {
        expect(err).toBeInstanceOf(SqlError);
        expect(err.code).toBe('SYNTAX');
        expect(err.line).toBeGreaterThanOrEqual(1);
        expect(err.line).toBeLessThanOrEqual(lines.length);
        expect(err.column).toBeGreaterThanOrEqual(1);
        expect(err.column).toBeLessThanOrEqual(lines[err.line - 1]!.length + 1);
      }
    }
    slowest.sort((a, b) => b.cpuMs - a.cpuMs);
    const total = (performance.now() - started) / 1000;
    const report = slowest
      .slice(0, 5)
      .map((t) => `  ${t.cpuMs.toFixed(1)} ms cpu, ${t.wallMs.toFixed(1)} ms wall: ${JSON.stringify(t.sql)}`);
    console.log(
      `fuzz: ${cases} cases (${errorCount} errors) in ${total.toFixed(1)} s; slowest:\n${report.join('\n')}`,
    );
    expect(cases).toBe(CASES);
    expect(slowest[0]!.cpuMs).toBeLessThan(MAX_CASE_MS);
  });
});
