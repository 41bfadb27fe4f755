/**
 * The LevelDB spill store against the SQLite one (same answers, same scan order), its sharing of one
 * database and worker per task, its Bloom filter, and its lifecycle: dispose closes the worker and
 * the database, a SIGKILLed process leaves nothing that blocks the next open, and a directory held
 * by another live process is refused with a message naming it.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreTable, type StoredRow } from '../../src/state/embedded/store.ts';
import { LevelDbKeyedStateBackend } from '../../src/state/leveldb/backend.ts';
import { levelDbDir, openLevelStore } from '../../src/state/leveldb/store.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-leveldb-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const CHILD = fileURLToPath(new URL('./leveldb-child.ts', import.meta.url));

const childArgs = (dir: string, mode: string): string[] => ['--import', 'tsx', CHILD, dir, mode];

describe('LevelDB spill store', () => {
  it('answers, counts and scans exactly like the SQLite store', () => {
    const sqlite = openStoreTable(join(root, 'same-sqlite'), 'op');
    const level = openLevelStore(join(root, 'same-level'), 'op');
    const states = ['a', 'ab', 'b', 'é', 'window-rows'];
    const keys = ['', 'S1:a', 'S2:ab', 'S1:b', 'S1:\u0000', 'S1:ü', 'S2:😀', 'B10;', 'B9;', 'N'];
    let seed = 99;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const row = (value: string): StoredRow => [
      next(16),
      states[next(states.length)]!,
      keys[next(keys.length)]!,
      value,
    ];
    for (let round = 0; round < 40; round++) {
      // distinct (group, state, key) within one write, as one eviction round of the cache has
      const seen = new Set<string>();
      const pick = (n: number, value: string): StoredRow[] => {
        const rows: StoredRow[] = [];
        for (let i = 0; i < n; i++) {
          const r = row(value);
          const id = `${r[0]}|${r[1]}|${r[2]}`;
          if (!seen.has(id)) rows.push(r);
          seen.add(id);
        }
        return rows;
      };
      const puts = pick(next(30), JSON.stringify({ round }));
      const deletes = pick(next(20), '');
      const probed = pick(next(20), JSON.stringify([round, 'probed']));
      expect(level.write(puts, deletes, probed)).toBe(sqlite.write(puts, deletes, probed));
      expect(level.count()).toBe(sqlite.count());
    }
    expect(level.count()).toBeGreaterThan(50);
    expect(level.groups().sort((x, y) => x - y)).toEqual(sqlite.groups().sort((x, y) => x - y));
    for (const [start, end] of [
      [0, 15],
      [3, 3],
      [5, 9],
      [16, 20],
    ] as const) {
      expect([...level.scan(start, end)]).toEqual([...sqlite.scan(start, end)]);
    }
    for (const r of [...sqlite.scan(0, 15)].slice(0, 50)) expect(level.get(r[0], r[1], r[2])).toBe(r[3]);
    expect(() => level.write([[0, 'bad\u0000name', 'k', '1']], [])).toThrow(/NUL character/);
    sqlite.release();
    level.release();
  });

  it('scans in chunks, and answers most misses of never-written keys without a round trip', () => {
    const store = openLevelStore(join(root, 'bloom'), 'op');
    const rows: StoredRow[] = [];
    for (let i = 0; i < 10_000; i++) rows.push([i % 128, 'acc', `S5:${i}`, `"${'v'.repeat(i % 50)}"`]);
    expect(store.write(rows, [])).toBe(0);
    expect(store.count()).toBe(10_000);
    const scanned = [...store.scan(0, 127)];
    expect(scanned.length).toBe(10_000); // more than one 4096-row chunk
    expect(new Set(scanned.map((r) => r[2])).size).toBe(10_000);
    const before = { ...store.reads };
    for (let i = 0; i < 10_000; i++) expect(store.get(i % 128, 'acc', `S5:${i}`)).toBe(rows[i]![3]);
    for (let i = 10_000; i < 20_000; i++) expect(store.get(i % 128, 'acc', `S5:${i}`)).toBeUndefined();
    expect(store.reads.roundTrips - before.roundTrips).toBeLessThan(10_000 + 500); // ≤ 5% false positives
    expect(store.reads.answeredLocally - before.answeredLocally).toBeGreaterThan(9_500);
    expect(store.filterBytes).toBeLessThan(4 * 10_000); // a few bytes per key, beside the cache
    store.release();
  });

  it("shares one database per task; release clears an operator's rows, the last holder closes it", () => {
    const task = join(root, 'shared');
    const a = openLevelStore(task, 'a');
    const ab = openLevelStore(task, 'ab');
    expect(() => openLevelStore(task, 'a')).toThrow(/already has an open state backend/);
    a.write([[1, 's', 'k1', '"a"']], []);
    ab.write(
      [
        [1, 's', 'k1', '"ab"'],
        [2, 's', 'k2', '"ab"'],
      ],
      [],
    );
    expect(existsSync(levelDbDir(task))).toBe(true);
    expect([...a.scan(0, 127)]).toEqual([[1, 's', 'k1', '"a"']]); // prefixes do not overlap
    expect(ab.count()).toBe(2);
    a.release();
    const again = openLevelStore(task, 'a'); // released: the name is free, and the store empty
    again.write([[3, 's', 'k3', '"again"']], []);
    expect(again.count()).toBe(1);
    expect(ab.get(1, 's', 'k1')).toBe('"ab"');
    // a store that never wrote (a source's, say) neither starts the database nor keeps it open
    const idle = openLevelStore(task, 'source');
    again.release();
    ab.release();
    // the worker closed the database and removed its scratch directory before answering
    expect(existsSync(levelDbDir(task))).toBe(false);
    expect(idle.get(1, 's', 'k1')).toBeUndefined();
    expect([...idle.scan(0, 127)]).toEqual([]);
    idle.write([[4, 's', 'k4', '"idle"']], []); // reopens, fresh
    expect([...idle.scan(0, 127)]).toEqual([[4, 's', 'k4', '"idle"']]);
    idle.release();
    expect(existsSync(levelDbDir(task))).toBe(false);
  });

  it('closes the worker and the database when the backend is disposed', () => {
    const dir = join(root, 'dispose');
    const b = new LevelDbKeyedStateBackend({ dir, operator: 'op', cacheBytes: 1024 });
    const v = b.valueState<number>({ name: 'v' });
    for (let k = 0; k < 500; k++) {
      b.setCurrentKey(`k${k}`, [k]);
      v.update(k);
    }
    b.flush();
    expect(existsSync(join(levelDbDir(dir), 'LOCK'))).toBe(true);
    b.dispose();
    // the worker closed the database (releasing its lock) and deleted it before answering
    expect(existsSync(levelDbDir(dir))).toBe(false);
  });

  it('starts empty after a process using the directory was killed with SIGKILL', () => {
    const dir = join(root, 'crashed');
    const child = spawnSync(process.execPath, childArgs(dir, 'crash'), {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.signal).toBe('SIGKILL');
    expect(existsSync(join(levelDbDir(dir), 'LOCK'))).toBe(true); // left behind
    const b = new LevelDbKeyedStateBackend({ dir, operator: 'agg', cacheBytes: 1024 });
    const v = b.valueState<string>({ name: 'v' });
    for (let k = 0; k < 50; k++) {
      b.setCurrentKey(`new${k}`, [k]);
      v.update(`now ${k}`);
    }
    b.setCurrentKey('old7', [7]);
    expect(v.value()).toBeNull();
    expect(b.stateSize().keys).toBe(50);
    const snapshot = b.snapshot();
    const stored = Object.entries(snapshot.states.v!).filter(([g]) => g !== 'kind');
    expect(stored.flatMap(([, entries]) => entries as unknown[]).length).toBe(50);
    b.dispose();
  });

  it('refuses a directory that another live process holds, naming it', async () => {
    const dir = join(root, 'held');
    const child: ChildProcess = spawn(process.execPath, childArgs(dir, 'hold'), {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`the holding process exited (${code})`)));
      });
      const store = openLevelStore(dir, 'other');
      expect(() => store.write([[0, 's', 'k', '1']], [])).toThrow(
        /in use by another process.*data directory/,
      );
      store.release();
    } finally {
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
    }
    // once it is gone, the directory opens
    const store = openLevelStore(dir, 'other');
    store.write([[0, 's', 'k', '1']], []);
    expect(store.count()).toBe(1);
    store.release();
  });
});
