/**
 * Parser throughput: parses every statement of grammar/corpus/accept repeatedly and prints
 * statements per second (median of several timed runs, after a warm-up).
 *
 * Two rates are printed: by wall-clock time, and by this process's CPU time. On a quiet machine
 * they agree; on a shared one the wall-clock rate also counts time other processes held the CPU.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseStatement, splitStatements } from '../src/sql/index.ts';

const dir = new URL('../grammar/corpus/accept/', import.meta.url);
const statements: string[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
  for (const piece of splitStatements(readFileSync(new URL(file, dir), 'utf8'))) statements.push(piece.text);
}

interface Run {
  wallMs: number;
  cpuMs: number;
}

function runOnce(): Run {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (const sql of statements) parseStatement(sql);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

for (let i = 0; i < 10; i++) runOnce();
const runs: Run[] = [];
for (let i = 0; i < 15; i++) runs.push(runOnce());
const wallRates = runs.map((r) => (statements.length / r.wallMs) * 1000);
const cpuRates = runs.map((r) => (statements.length / r.cpuMs) * 1000);
console.log(`parser: ${statements.length} statements x ${runs.length} runs`);
console.log(
  `median ${Math.round(median(wallRates))} statements/s (min ${Math.round(Math.min(...wallRates))}, max ${Math.round(Math.max(...wallRates))})`,
);
console.log(`median ${Math.round(median(cpuRates))} statements/s of CPU time`);
