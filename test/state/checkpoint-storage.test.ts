import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointStorageOptions } from '../../src/state/checkpoint/config.ts';
import { sharedFilesOf } from '../../src/state/checkpoint/metadata.ts';
import { loadOperatorState, restoreOperator } from '../../src/state/checkpoint/restore.ts';
import { CheckpointStorage } from '../../src/state/checkpoint/storage.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import type { KeyedStateBackend } from '../../src/state/state.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-checkpoints-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
const fresh = (name: string) => join(root, `${name}-${counter++}`);
const embedded = (cacheBytes = 256 * 1024) =>
  new EmbeddedKeyedStateBackend({ dir: fresh('db'), operator: 'agg', cacheBytes });

const KEYS = 2000;
const payload = (k: number, round: number) => `${round}:${k}`.padEnd(300, '.');

function fill(b: KeyedStateBackend, keys: Iterable<number>, round: number): void {
  const v = b.valueState<string>({ name: 'v' });
  const timers = b.timerQueue('t/event');
  for (const k of keys) {
    b.setCurrentKey(`key${k}`, [k]);
    v.update(payload(k, round));
    if (round === 0) timers.add({ time: k, key: `key${k}`, keyRow: [k], namespace: 0 });
  }
}

function expectState(b: KeyedStateBackend, round: (k: number) => number): void {
  const v = b.valueState<string>({ name: 'v' });
  for (let k = 0; k < KEYS; k++) {
    b.setCurrentKey(`key${k}`, [k]);
    expect(v.value()).toBe(payload(k, round(k)));
  }
  expect(b.timerQueue('t/event').size()).toBe(KEYS);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('CheckpointStorage', () => {
  it('writes an incremental checkpoint that holds only what changed, and restores it whole', async () => {
    const storage = await CheckpointStorage.open({
      dir: fresh('chk'),
      statement: 's1',
      incremental: true,
      numRetained: 3,
    });
    const b = embedded();
    fill(b, range(KEYS), 0);
    const first = await storage.checkpoint({
      checkpointId: 1,
      operators: [{ operatorId: 'agg', backend: b }],
    });
    fill(b, [5, 6, 7], 1);
    const second = await storage.checkpoint({
      checkpointId: 2,
      operators: [{ operatorId: 'agg', backend: b, operatorState: { position: 42 } }],
      sourceOffsets: { 'orders/0': 1234 },
    });
    expect(first.bytesWritten).toBeGreaterThan(KEYS * 300);
    // three keys in at most three key groups (of 128), and no timer change
    expect(second.bytesWritten).toBeLessThan(first.bytesWritten / 20);
    expect(storage.latest()?.metadata.sourceOffsets).toEqual({ 'orders/0': 1234 });

    const round = (k: number) => (k >= 5 && k <= 7 ? 1 : 0);
    for (const target of [embedded(), new HeapKeyedStateBackend()]) {
      const operatorState = await restoreOperator(storage.latest()!, 'agg', target);
      expect(operatorState).toEqual({ position: 42 });
      expectState(target, round);
      target.dispose();
    }
    // a backend restored from checkpoint 2 continues incrementally from it
    const again = await CheckpointStorage.open({
      dir: dirname(storage.root),
      statement: 's1',
      incremental: true,
    });
    const restored = embedded();
    await restoreOperator(again.latest()!, 'agg', restored);
    fill(restored, [9], 1);
    const third = await again.checkpoint({
      checkpointId: 3,
      operators: [{ operatorId: 'agg', backend: restored }],
    });
    expect(third.bytesWritten).toBeLessThan(first.bytesWritten / 20);
    const check = embedded();
    await restoreOperator(again.latest()!, 'agg', check);
    expectState(check, (k) => ((k >= 5 && k <= 7) || k === 9 ? 1 : 0));
    for (const x of [b, restored, check]) x.dispose();
  });

  it('carries the changes of a failed checkpoint into the next one', async () => {
    const storage = await CheckpointStorage.open({ dir: fresh('chk'), statement: 's', incremental: true });
    const b = embedded();
    fill(b, range(KEYS), 0);
    await storage.checkpoint({ checkpointId: 1, operators: [{ operatorId: 'agg', backend: b }] });
    fill(b, [100], 1);
    // a second operator whose state cannot be written (JSON has no bigint) fails checkpoint 2
    const broken = {
      backend: 'hashmap',
      maxParallelism: 128,
      states: { x: { kind: 'value', 0: [['k', 1n]] } },
      timers: {},
    };
    await expect(
      storage.checkpoint({
        checkpointId: 2,
        operators: [
          { operatorId: 'agg', backend: b },
          { operatorId: 'bad', keyed: broken as never },
        ],
      }),
    ).rejects.toThrow(/BigInt/);
    expect(existsSync(join(storage.root, 'chk-2'))).toBe(false);
    await storage.checkpoint({ checkpointId: 3, operators: [{ operatorId: 'agg', backend: b }] });
    const check = embedded();
    await restoreOperator(storage.latest()!, 'agg', check);
    expectState(check, (k) => (k === 100 ? 1 : 0));
    b.dispose();
    check.dispose();
  });

  it('retains num-retained checkpoints and deletes shared files only when unreferenced', async () => {
    const storage = await CheckpointStorage.open({
      dir: fresh('chk'),
      statement: 's',
      incremental: true,
      numRetained: 2,
    });
    const b = embedded();
    fill(b, range(KEYS), 0);
    for (let id = 1; id <= 4; id++) {
      if (id > 1) fill(b, [id * 10], 1);
      await storage.checkpoint({ checkpointId: id, operators: [{ operatorId: 'agg', backend: b }] });
    }
    expect(storage.completed().map((c) => c.metadata.checkpointId)).toEqual([3, 4]);
    expect(readdirSync(storage.root).sort()).toEqual(['chk-3', 'chk-4', 'shared']);
    const referenced = new Set(storage.completed().flatMap((c) => sharedFilesOf(c.metadata)));
    expect(new Set(readdirSync(join(storage.root, 'shared')))).toEqual(referenced);
    // chk-3 still reads key groups first written by chk-1
    const check = embedded();
    await restoreOperator(storage.completed()[0]!, 'agg', check);
    expectState(check, (k) => (k === 20 || k === 30 ? 1 : 0));
    b.dispose();
    check.dispose();
  });

  it('ignores a crashed checkpoint (truncated temp metadata) and finds the latest complete one', async () => {
    const dir = fresh('chk');
    const storage = await CheckpointStorage.open({ dir, statement: 's', incremental: true, numRetained: 5 });
    const b = embedded();
    fill(b, range(KEYS), 0);
    await storage.checkpoint({ checkpointId: 1, operators: [{ operatorId: 'agg', backend: b }] });
    fill(b, [1], 1);
    await storage.checkpoint({ checkpointId: 2, operators: [{ operatorId: 'agg', backend: b }] });
    // crash while writing checkpoint 3: state file and shared file written, metadata temp file truncated
    const crashed = join(storage.root, 'chk-3');
    mkdirSync(crashed);
    writeFileSync(join(crashed, 'agg.keyed.json'), '{"backend":"hashmap"');
    writeFileSync(join(crashed, '_metadata.tmp-0a1b2c'), '{"formatVersion":1,"kind":"checkp');
    writeFileSync(join(storage.root, 'shared', 'agg-3-g7-ffffff.json'), '{"v":[');
    // and a checkpoint 4 whose metadata itself is torn
    mkdirSync(join(storage.root, 'chk-4'));
    writeFileSync(join(storage.root, 'chk-4', '_metadata'), '{"formatVersion":1,"ki');

    const reopened = await CheckpointStorage.open({ dir, statement: 's', incremental: true, numRetained: 5 });
    expect(reopened.latest()?.metadata.checkpointId).toBe(2);
    expect(existsSync(crashed)).toBe(false);
    expect(existsSync(join(storage.root, 'chk-4'))).toBe(false);
    expect(existsSync(join(storage.root, 'shared', 'agg-3-g7-ffffff.json'))).toBe(false);
    const restored = await loadOperatorState(reopened.latest()!, 'agg', 128);
    expect(restored?.keyed?.timers['t/event']).toHaveLength(KEYS);
    b.dispose();
  });

  it('applies the externalized retention when the job ends', async () => {
    const cases = [
      ['DELETE_ON_CANCELLATION', 'CANCELED', false],
      ['DELETE_ON_CANCELLATION', 'FAILED', true],
      ['RETAIN_ON_CANCELLATION', 'CANCELED', true],
      ['NO_EXTERNALIZED_CHECKPOINTS', 'FAILED', false],
    ] as const;
    for (const [retention, status, kept] of cases) {
      const config = {
        'execution.checkpointing.dir': fresh('chk'),
        'execution.checkpointing.externalized-checkpoint-retention': retention,
      };
      const storage = await CheckpointStorage.open(checkpointStorageOptions(config, 'job')!);
      const heap = new HeapKeyedStateBackend();
      fill(heap, range(10), 0);
      await storage.checkpoint({ checkpointId: 1, operators: [{ operatorId: 'agg', backend: heap }] });
      await storage.onJobTermination(status);
      expect(existsSync(join(storage.root, 'chk-1', '_metadata'))).toBe(kept);
    }
    expect(() =>
      checkpointStorageOptions({ 'state.checkpoints.dir': '/x', 'state.checkpoints.num-retained': '0' }, 's'),
    ).toThrow(/num-retained/);
  });
});
