/**
 * Checkpoint format versions: version 2 writes in-memory state and per-key deltas as binary state
 * files; checkpoints and savepoints written by version 1 (all JSON; the fixtures in
 * fixtures/checkpoint-v1 were written by that code with `write` below) still restore, into any
 * backend, and an incremental chain of version 1 can be continued with binary deltas. The fixture
 * files are packed into one file (path → exact content), unpacked into a temp directory per test.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '../../src/state/checkpoint/metadata.ts';
import { restoreOperator } from '../../src/state/checkpoint/restore.ts';
import { writeSavepoint } from '../../src/state/checkpoint/savepoint.ts';
import { CheckpointStorage } from '../../src/state/checkpoint/storage.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import type { KeyedStateBackend, KeyedStateSnapshot } from '../../src/state/state.ts';
import type { Encoded } from '../../src/state/tagged-value.ts';
import { TimerService } from '../../src/state/timers.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'checkpoint-v1.files');
const root = mkdtempSync(join(tmpdir(), 'tributary-format-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string) => join(root, `${name}-${counter++}`);

const BACKENDS: Record<string, () => KeyedStateBackend> = {
  hashmap: () => new HeapKeyedStateBackend(),
  embedded: () => new EmbeddedKeyedStateBackend({ dir: fresh('db'), operator: 'op', cacheBytes: 4096 }),
};

/** The writes the version-1 fixtures were made with (round 1: checkpoint 1, round 2: checkpoint 2). */
function write(b: KeyedStateBackend, round: number): void {
  const value = b.valueState<unknown>({ name: 'value' });
  const list = b.listState<string>({ name: 'list' });
  const map = b.mapState<string, unknown>({ name: 'map' });
  const windows = b.namespacedValueState<number>({ name: 'windows' });
  const timers = new TimerService(b, 'w');
  // round 1 writes 20 keys, later rounds 6 (so a delta stays small next to its base)
  for (let k = 0; k < (round === 1 ? 20 : 6); k++) {
    b.setCurrentKey(`key${k}`, [k]);
    value.update({
      n: round * 100 + k,
      big: BigInt(k) * 10n ** 20n,
      bytes: new Uint8Array([k, round]),
      ts: Object.freeze({ millis: 1_600_000_000_000 + k, nanoOfMilli: 7 }),
      text: `ünïcode ${k} 🙂`,
      odd: [-0, Number.NaN, Number.POSITIVE_INFINITY, null],
    });
    list.add(`r${round}`);
    map.put(`m${round}`, new Map([[k, [round, `x${k}`]]]));
    windows.update(round, k * round);
    if (round === 1) timers.registerEventTimeTimer(round * 10, 1000 + k);
  }
  if (round === 2) {
    for (const k of [3, 4]) {
      b.setCurrentKey(`key${k}`, [k]);
      value.clear();
    }
  }
}

/** State and timers with each group's entries sorted by key and empty groups dropped. */
function normalized(snapshot: KeyedStateSnapshot): unknown {
  const states: Record<string, Record<string, Encoded[]>> = {};
  for (const [name, byGroup] of Object.entries(snapshot.states)) {
    const { kind: _kind, ...groups } = byGroup as unknown as Record<string, Encoded[][]>;
    const state: Record<string, Encoded[]> = {};
    for (const [group, entries] of Object.entries(groups)) {
      if (entries.length === 0) continue;
      state[group] = [...entries].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    }
    if (Object.keys(state).length > 0) states[name] = state;
  }
  return JSON.parse(JSON.stringify({ states, timers: snapshot.timers }));
}

function live(rounds: number): HeapKeyedStateBackend {
  const b = new HeapKeyedStateBackend();
  for (let round = 1; round <= rounds; round++) write(b, round);
  return b;
}

/** The fixture's directory `sub`, unpacked into a fresh directory. */
function fixtureCopy(sub: string): string {
  const dir = fresh('fixture');
  const { files } = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { files: Record<string, string> };
  for (const [path, content] of Object.entries(files)) {
    if (!path.startsWith(`${sub}/`)) continue;
    const target = join(dir, path.slice(sub.length + 1));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return dir;
}

describe.each(Object.entries(BACKENDS))('format version 1 into %s', (_name, create) => {
  it('restores a version-1 savepoint (one JSON file)', async () => {
    const dir = fixtureCopy('savepoints');
    const [name] = readdirSync(dir);
    const savepoint = await readCheckpoint(join(dir, name!));
    expect(savepoint.metadata.formatVersion).toBe(1);
    const restored = create();
    expect(await restoreOperator(savepoint, 'op', restored)).toEqual({ offset: 2 });
    expect(normalized(restored.snapshot())).toEqual(normalized(live(2).snapshot()));
    restored.setCurrentKey('key5', [5]);
    const value = restored
      .valueState<{ ts: object; bytes: Uint8Array; big: bigint }>({ name: 'value' })
      .value();
    expect(Object.isFrozen(value?.ts)).toBe(true);
    expect(value?.big).toBe(5n * 10n ** 20n);
    expect(value?.bytes).toEqual(new Uint8Array([5, 2]));
    restored.dispose();
  });

  it('restores a version-1 incremental chain and continues it with a binary delta', async () => {
    const dir = fixtureCopy('checkpoints');
    const storage = await CheckpointStorage.open({ dir, statement: 'v1', incremental: true, numRetained: 2 });
    const latest = storage.latest()!;
    expect(latest.metadata.formatVersion).toBe(1);
    const backend = create();
    expect(await restoreOperator(latest, 'op', backend)).toEqual({ offset: 2 });
    expect(normalized(backend.snapshot())).toEqual(normalized(live(2).snapshot()));

    // a delta against the version-1 checkpoint: the chain now holds JSON deltas, then a binary one
    write(backend, 3);
    await storage.checkpoint({
      checkpointId: 3,
      operators: [{ operatorId: 'op', backend, operatorState: null }],
    });
    const handle = storage.latest()!.metadata.operators.op!.keyed!;
    if (handle.type !== 'incremental') throw new Error('expected an incremental handle');
    expect(handle.deltas!.map((d) => d.path.slice(-4))).toEqual(['json', 'json', '.bin']);
    const restored = create();
    await restoreOperator(storage.latest()!, 'op', restored);
    expect(normalized(restored.snapshot())).toEqual(normalized(live(3).snapshot()));
    backend.dispose();
    restored.dispose();
  });
});

describe('format version 2', () => {
  it('writes in-memory state and deltas as binary files that restore into either backend', async () => {
    const dir = fresh('checkpoints');
    const full = await CheckpointStorage.open({ dir, statement: 'full' });
    const b = live(2);
    await full.checkpoint({
      checkpointId: 1,
      operators: [{ operatorId: 'op', keyed: b.snapshot(), operatorState: null }],
    });
    const chk = full.latest()!;
    expect(chk.metadata.formatVersion).toBe(2);
    expect(readdirSync(chk.path).sort()).toEqual(['_metadata', 'op.keyed.bin']);
    expect(readFileSync(join(chk.path, 'op.keyed.bin')).subarray(0, 4).toString('latin1')).toBe('TBS1');

    const incremental = await CheckpointStorage.open({
      dir,
      statement: 'incremental',
      incremental: true,
      numRetained: 3,
    });
    const tracked = new HeapKeyedStateBackend();
    for (let round = 1; round <= 3; round++) {
      write(tracked, round);
      await incremental.checkpoint({
        checkpointId: round,
        operators: [{ operatorId: 'op', backend: tracked, operatorState: null }],
      });
    }
    const handle = incremental.latest()!.metadata.operators.op!.keyed!;
    if (handle.type !== 'incremental') throw new Error('expected an incremental handle');
    expect(handle.deltas!.length).toBeGreaterThan(0);
    expect(handle.deltas!.every((d) => d.path.endsWith('.bin'))).toBe(true);

    for (const create of Object.values(BACKENDS)) {
      const fromFull = create();
      await restoreOperator(chk, 'op', fromFull);
      expect(normalized(fromFull.snapshot())).toEqual(normalized(b.snapshot()));
      const fromChain = create();
      await restoreOperator(incremental.latest()!, 'op', fromChain);
      expect(normalized(fromChain.snapshot())).toEqual(normalized(live(3).snapshot()));
      fromFull.dispose();
      fromChain.dispose();
    }
  });

  it('keeps savepoints self-contained and restorable after a move, also for a key-group range', async () => {
    const b = live(2);
    const savepoint = await writeSavepoint({
      dir: fresh('savepoints'),
      statement: 's',
      checkpointId: 4,
      operators: [{ operatorId: 'op', backend: b, operatorState: { offset: 4 } }],
    });
    expect(readdirSync(savepoint.path).sort()).toEqual(['_metadata', 'op.keyed.bin']);
    const moved = fresh('moved');
    renameSync(savepoint.path, moved);
    const whole = new HeapKeyedStateBackend();
    const low = new HeapKeyedStateBackend();
    const high = new HeapKeyedStateBackend();
    const read = await readCheckpoint(moved);
    await restoreOperator(read, 'op', whole);
    await restoreOperator(read, 'op', low, { start: 0, end: 63 });
    await restoreOperator(read, 'op', high, { start: 64, end: 127 });
    expect(normalized(whole.snapshot())).toEqual(normalized(b.snapshot()));
    const keys = (x: KeyedStateBackend) => x.stateSize!().keys;
    expect(keys(low) + keys(high)).toBe(keys(whole));
    expect(keys(low)).toBeGreaterThan(0);
    expect(keys(high)).toBeGreaterThan(0);
  });

  it('refuses a state file whose size differs from its metadata (truncated)', async () => {
    const dir = fresh('checkpoints');
    const storage = await CheckpointStorage.open({ dir, statement: 't' });
    await storage.checkpoint({
      checkpointId: 1,
      operators: [{ operatorId: 'op', backend: live(1), operatorState: null }],
    });
    const chk = storage.latest()!;
    const file = join(chk.path, 'op.keyed.bin');
    const content = readFileSync(file);
    writeFileSync(file, content.subarray(0, content.length - 3));
    await expect(restoreOperator(chk, 'op', new HeapKeyedStateBackend())).rejects.toThrow(
      /bytes, the metadata says/,
    );
  });
});
