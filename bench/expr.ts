/**
 * Micro-benchmark of compiled expressions: a filter plus a 10-column projection over 1M rows in
 * batches of 1024 (as operators process them), reported as input rows per second, best of 7 passes.
 *   npm run bench:expr
 */
import { B, bindCall as call, compilePredicate, compileProjection, T } from '../src/expr/index.ts';

const schema = [
  T.int(false), // 0 id
  T.int(false), // 1 qty
  T.int(), // 2 nullable int
  T.double(false), // 3 price
  T.double(), // 4 nullable double
  T.string(false), // 5 name
  T.string(), // 6 nullable name
  T.bigint(false), // 7 long
  T.boolean(false), // 8 flag
  T.timestamp(3, false), // 9 ts
];
const col = (i: number) => B.input(i, schema[i]!);
const int = (n: number) => B.literal(n, T.int(false));
const dbl = (n: number) => B.literal(n, T.double(false));

const filter = call('AND', [call('>', [col(1), int(10)]), call('<', [col(3), dbl(900)])]);
const projection = [
  col(0),
  call('+', [col(1), col(2)]),
  call('*', [col(3), dbl(1.1)]),
  call('-', [col(3), col(4)]),
  col(5),
  call('IS NOT NULL', [col(6)]),
  call('+', [col(7), B.literal(1n, T.bigint(false))]),
  B.caseWhen([{ when: col(8), result: col(0) }], col(1), T.int(false)),
  call('MOD', [col(0), int(7)]),
  call('+', [col(9), B.literal(1000, T.intervalDayTime('SECOND', 2, 3, false))]),
];

const predicate = compilePredicate(filter);
const project = compileProjection(projection);

const N = 1_000_000;
const BATCH = 1024;
const batches: unknown[][][] = [];
for (let start = 0; start < N; start += BATCH) {
  const batch: unknown[][] = [];
  for (let i = start; i < Math.min(N, start + BATCH); i++) {
    batch.push([
      i,
      i % 100,
      i % 5 === 0 ? null : i % 13,
      (i % 1000) + 0.5,
      i % 7 === 0 ? null : i * 0.25,
      `name-${i % 50}`,
      i % 3 === 0 ? null : 'x',
      BigInt(i),
      i % 2 === 0,
      1_700_000_000_000 + i,
    ]);
  }
  batches.push(batch);
}

let sink = 0;
function pass(): { millis: number; kept: number } {
  const start = process.hrtime.bigint();
  let kept = 0;
  for (const batch of batches) {
    const out: unknown[][] = [];
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i]!;
      if (predicate(row)) out.push(project(row));
    }
    kept += out.length;
    sink ^= out.length;
  }
  return { millis: Number(process.hrtime.bigint() - start) / 1e6, kept };
}

let best = Number.POSITIVE_INFINITY;
let kept = 0;
for (let i = 0; i < 7; i++) {
  const r = pass();
  best = Math.min(best, r.millis);
  kept = r.kept;
}
const rate = N / (best / 1000);
console.log(
  `filter + 10-column projection: ${(rate / 1e6).toFixed(1)}M rows/s ` +
    `(${N} rows in ${best.toFixed(1)} ms, ${kept} kept, best of 7${sink < 0 ? '' : ''})`,
);
