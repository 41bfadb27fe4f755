/**
 * Decode throughput of the json, avro and avro-confluent formats for a 10-field record.
 * Run: npm run bench:formats
 */
import { T } from '../src/expr/types.ts';
import { createFormat, DecodeOutput, type Row } from '../src/formats/index.ts';
import { startRegistry } from '../src/registry/index.ts';

const ROW_TYPE = T.row([
  ['id', T.bigint(false)],
  ['user_id', T.int()],
  ['name', T.string()],
  ['email', T.string()],
  ['amount', T.double()],
  ['quantity', T.int()],
  ['active', T.boolean()],
  ['category', T.string()],
  ['created_at', T.timestamp(3)],
  ['score', T.float()],
]);

function rows(n: number): Row[] {
  return Array.from({ length: n }, (_, i) => [
    BigInt(i) * 7919n,
    i % 10000,
    `user-${i}`,
    `user${i}@example.com`,
    i * 1.25,
    i % 17,
    i % 2 === 0,
    ['books', 'games', 'music'][i % 3]!,
    1700000000000 + i,
    Math.fround(i / 3),
  ]);
}

async function bench(name: string, options: Record<string, string>): Promise<void> {
  const format = createFormat(name, options, ROW_TYPE);
  const batch = (await format.openEncoder({ topic: 'bench' })).encodeBatch(rows(1000));
  const decoder = await format.openDecoder({ topic: 'bench' });
  const out = new DecodeOutput();
  const warm = decoder.decodeBatch(batch, out);
  if (warm) await warm;
  let decoded = 0;
  const start = process.hrtime.bigint();
  const deadline = start + 2_000_000_000n;
  while (process.hrtime.bigint() < deadline) {
    out.clear();
    const pending = decoder.decodeBatch(batch, out);
    if (pending) await pending;
    if (out.errors.length > 0) throw new Error(out.errors[0]!.message);
    decoded += out.rows.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const bytes = batch.reduce((n, b) => n + (b?.length ?? 0), 0) / batch.length;
  console.log(
    `${name.padEnd(16)} ${Math.round(decoded / seconds)
      .toLocaleString('en-US')
      .padStart(12)} rows/s  (${bytes.toFixed(0)} bytes/record)`,
  );
}

const registry = await startRegistry({ host: '127.0.0.1', port: 0 });
try {
  await bench('json', {});
  await bench('avro', {});
  await bench('avro-confluent', { 'avro-confluent.url': registry.url });
} finally {
  await registry.close();
}
