/**
 * Recovery from a crashed worker: a stateful aggregation checkpoints every 200 ms in its compute-pool
 * worker; the worker thread is killed mid-run (as a crash would end it); the fixed-delay restart
 * strategy restarts the statement from its latest checkpoint (state and source position), and the
 * upsert view of everything read from the results equals what an uninterrupted run produces.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ComputePool } from '../../src/gateway/pools/compute-pool.ts';
import { startTestManager, waitFor } from './helpers.ts';

const pool = new ComputePool('default', 'default-pool', 2);
const { manager, close } = startTestManager(pool, 'tributary-recovery-', 50_000);

afterAll(close);

const ROWS = 6000;
const KEYS = 7;

/** Count and sum per key of ids 1..ROWS: what an uninterrupted run ends with. */
function expected(): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (let id = 1; id <= ROWS; id++) {
    const [c, s] = out.get(id % KEYS) ?? [0, 0];
    out.set(id % KEYS, [c + 1, s + id]);
  }
  return out;
}

describe('recovery from a crashed worker', () => {
  it('restarts from the latest checkpoint: the upsert view of the results equals an uninterrupted run', async () => {
    await manager.create(
      'default',
      {
        spec: {
          statement: `CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${ROWS}', 'rows-per-second' = '2000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${ROWS}')`,
        },
      },
      undefined,
    );
    await manager.create(
      'default',
      {
        name: 'sums',
        spec: {
          statement: `SELECT id % ${KEYS} AS k, COUNT(*) AS c, SUM(id) AS s FROM gen GROUP BY id % ${KEYS}`,
          properties: {
            'execution.checkpointing.interval': '200 ms',
            'restart-strategy.type': 'fixed-delay',
            'restart-strategy.fixed-delay.attempts': '2',
            'restart-strategy.fixed-delay.delay': '100 ms',
          },
        },
      },
      undefined,
    );
    const view = new Map<number, [number, number]>();
    let offset: number | undefined;
    const read = async (): Promise<boolean> => {
      const page = await manager.results('default', 'sums', offset, 200, 5000);
      for (const { op, row } of page.data) {
        if (op === 1) continue;
        if (op === 3) view.delete(Number(row[0]));
        else view.set(Number(row[0]), [Number(row[1]), Number(row[2])]);
      }
      offset = page.next;
      return page.complete;
    };
    // run until at least two checkpoints completed and results flow
    await waitFor(async () => {
      await read();
      return manager.checkpoints('default', 'sums').counts.completed >= 2 && view.size > 0 ? true : undefined;
    }, 'two completed checkpoints');
    const crashedAfter = [...view.values()].reduce((n, [c]) => n + c, 0);
    expect(crashedAfter).toBeLessThan(ROWS);
    await manager
      .liveStatements()
      .find((l) => l.name === 'sums')!
      .worker!.kill();

    await waitFor(async () => ((await read()) ? true : undefined), 'the results to complete', 120_000);
    const s = manager.get('default', 'sums');
    expect(s.status.phase).toBe('COMPLETED');
    expect(s.status.restarts).toBe(1);
    expect(manager.exceptions('default', 'sums')[0]?.message).toMatch(/exited unexpectedly/);
    const checkpoints = manager.checkpoints('default', 'sums');
    expect(checkpoints.latest.restored).toMatchObject({ kind: 'checkpoint' });
    expect(checkpoints.latest.restored!.id).toBeGreaterThanOrEqual(2);
    expect(checkpoints.counts.completed).toBeGreaterThanOrEqual(2);
    expect([...view.entries()].sort()).toEqual([...expected().entries()].sort());
  }, 180_000);
});
