/**
 * The transaction coordinator's durable state: journal appends replayed over the snapshot, a torn
 * last line tolerated, compaction, and transactional ids forgotten after their expiration (observed
 * through kafkajs and the files a restarted broker reads).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TransactionLog } from '../../src/broker/txn/transaction-log.ts';
import { kafkaFor, start, tempDataDir } from './helpers.ts';

const dirs: string[] = [];
const dir = (): string => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('transaction log', () => {
  it('replays the journal over the snapshot and ignores a torn last line', () => {
    const d = dir();
    const log = new TransactionLog<{ epoch: number }>(d);
    const state = log.open(1000);
    state.transactions.set('a', { epoch: 1 });
    log.append(state, 'a');
    state.nextProducerId = 1005;
    state.transactions.set('b', { epoch: 7 });
    log.append(state, 'b');
    state.transactions.delete('a');
    log.append(state, 'a');
    log.close();
    fs.appendFileSync(path.join(d, 'transactions.journal'), '{"n":1006,"t":"c","m":{"ep');

    const again = new TransactionLog<{ epoch: number }>(d);
    const restored = again.open(1000);
    expect(restored.nextProducerId).toBe(1005);
    expect([...restored.transactions]).toEqual([['b', { epoch: 7 }]]);
    // opening compacted everything into the snapshot
    expect(fs.readFileSync(path.join(d, 'transactions.journal'), 'utf8')).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(d, 'transactions.json'), 'utf8'))).toEqual({
      nextProducerId: 1005,
      transactions: { b: { epoch: 7 } },
    });
    again.close();
  });

  it('compacts once the journal outgrows the snapshot', () => {
    const d = dir();
    const log = new TransactionLog<{ payload: string }>(d);
    const state = log.open(1);
    const payload = 'x'.repeat(1000);
    for (let i = 0; i < 1500; i++) {
      state.transactions.set('only', { payload: `${payload}${i}` });
      log.append(state, 'only');
    }
    // 1.5 MB of appends for one id: compacted at least once past the 1 MiB floor
    expect(fs.statSync(path.join(d, 'transactions.journal')).size).toBeLessThan(1 << 20);
    log.close();
    expect(new TransactionLog<{ payload: string }>(d).open(1).transactions.get('only')?.payload).toBe(
      `${payload}1499`,
    );
  });

  it('forgets a transactional id once it expires, keeping open transactions', async () => {
    const d = dir();
    const broker = await start(d, { transactionalIdExpirationMs: 500, housekeepingIntervalMs: 100 });
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'expiring' }] });
    await admin.disconnect();
    const producer = (id: string) =>
      kafka.producer({
        transactionalId: id,
        idempotent: true,
        maxInFlightRequests: 1,
        transactionTimeout: 60_000,
      });
    const done = producer('done-tx');
    await done.connect();
    const t1 = await done.transaction();
    await t1.send({ topic: 'expiring', messages: [{ value: 'x' }] });
    await t1.commit();
    await done.disconnect();
    const open = producer('open-tx');
    await open.connect();
    const t2 = await open.transaction();
    await t2.send({ topic: 'expiring', messages: [{ value: 'y' }] });
    await new Promise((r) => setTimeout(r, 1200));
    await t2.commit(); // still open after the expiration period: it was kept
    await open.disconnect();
    await broker.close();
    const snapshot = new TransactionLog<unknown>(d).open(0);
    expect(snapshot.transactions.has('done-tx')).toBe(false);
    expect(snapshot.transactions.has('open-tx')).toBe(true);
  });
});
