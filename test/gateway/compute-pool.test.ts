/**
 * Compute-pool threads: a statement that ends cleanly leaves its thread warm for the next one (no
 * second engine load), a thread whose statement failed is not reused, and idle threads end after the
 * pool's idle timeout, so the pool scales down to zero.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ComputePool } from '../../src/gateway/pools/compute-pool.ts';
import type { StoredStatement } from '../../src/gateway/resources.ts';
import { startTestManager, waitFor } from './helpers.ts';

const pool = new ComputePool('default', 'default-pool', 2, 60_000);
const { manager, close } = startTestManager(pool, 'tributary-pool-', 1000);

afterAll(close);

async function runToEnd(name: string, sql: string): Promise<StoredStatement> {
  await manager.create('default', { name, spec: { statement: sql } }, undefined);
  return waitFor(async () => {
    const s = manager.get('default', name);
    return ['COMPLETED', 'FAILED'].includes(s.status.phase) ? s : undefined;
  }, `${name} to end`);
}

async function resultIds(name: string): Promise<number[]> {
  const page = await manager.results('default', name, undefined, 5000, 1000);
  return page.data.map((change) => Number(change.row[0]));
}

describe('compute-pool threads', () => {
  it('reuses the thread of a statement that ended, replaces one that failed, and scales down when idle', async () => {
    await manager.create(
      'default',
      {
        spec: {
          statement:
            "CREATE TABLE gen (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '20', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '20')",
        },
      },
      undefined,
    );
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);

    expect((await runToEnd('first', 'SELECT id FROM gen')).status.phase).toBe('COMPLETED');
    expect(await resultIds('first')).toEqual(ids);
    expect(pool.currentCfu).toBe(0);
    expect(pool.workerCount).toBe(1);

    expect((await runToEnd('second', 'SELECT id * 2 FROM gen')).status.phase).toBe('COMPLETED');
    expect(await resultIds('second')).toEqual(ids.map((id) => id * 2));
    expect(pool.threadsStarted).toBe(1);

    const failed = await runToEnd('broken', 'SELECT id / (id - 3) FROM gen');
    expect(failed.status.phase).toBe('FAILED');
    expect(failed.status.detail).toMatch(/zero/i);
    expect(pool.threadsStarted).toBe(1);
    await waitFor(async () => (pool.workerCount === 0 ? true : undefined), 'the failed thread to end');

    pool.idleTimeoutMs = 100;
    expect((await runToEnd('third', 'SELECT id FROM gen WHERE id > 15')).status.phase).toBe('COMPLETED');
    expect(await resultIds('third')).toEqual([16, 17, 18, 19, 20]);
    expect(pool.threadsStarted).toBe(2);
    await waitFor(async () => (pool.workerCount === 0 ? true : undefined), 'the idle thread to end');
  }, 180_000);
});
