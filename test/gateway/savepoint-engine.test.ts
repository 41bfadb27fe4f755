/**
 * Savepoints through the engine (a RunningStatement in this thread): stop with a savepoint, change a
 * filter constant in the SQL and resume — the aggregate's state is kept (stable operator ids and
 * unchanged state signatures); resuming into an incompatible plan, with another max parallelism or
 * without an operator that has state fails with a clear error (unless unclaimed state is allowed).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import type { RunningStatement, Savepoint } from '../../src/gateway/engine/running.ts';
import { EngineSession } from '../../src/gateway/engine/session.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-savepoint-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ROWS = 3000;
const KEYS = 5;
const GEN = `CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${ROWS}', 'rows-per-second' = '3000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${ROWS}')`;
const countsWhere = (min: number, extra = '') =>
  `SELECT id % ${KEYS} AS k, COUNT(*) AS c${extra} FROM gen WHERE id > ${min} GROUP BY id % ${KEYS}`;

async function session(config: Record<string, string> = {}): Promise<EngineSession> {
  const s = new EngineSession({ catalogs: new CatalogManager(), config: new Map(Object.entries(config)) });
  await s.execute(GEN);
  return s;
}

async function start(
  s: EngineSession,
  sql: string,
  key: string,
  restoreFrom?: string,
): Promise<RunningStatement> {
  const prepared = await s.prepare(sql);
  if (prepared.kind !== 'job') throw new Error('expected a job');
  return s.start(prepared, {
    checkpointing: { statementKey: key, dataDir, ...(restoreFrom ? { restoreFrom } : {}) },
  });
}

interface Change {
  readonly op: number;
  readonly row: readonly unknown[];
}

/** Pulls changes until `enough` says so or the statement ends. */
async function pullUntil(r: RunningStatement, enough: (all: Change[]) => boolean): Promise<Change[]> {
  const all: Change[] = [];
  while (!enough(all)) {
    const batch = await r.pull(1000);
    if (batch.rows.length === 0 && r.state !== 'RUNNING') break;
    batch.rows.forEach((row, i) => {
      all.push({ op: batch.ops[i]!, row });
    });
  }
  return all;
}

/** Last row per key (an upsert view of the changelog). */
function view(changes: readonly Change[]): Map<unknown, readonly unknown[]> {
  const out = new Map<unknown, readonly unknown[]>();
  for (const c of changes) {
    if (c.op === 1) continue;
    if (c.op === 3) out.delete(c.row[0]);
    else out.set(c.row[0], c.row);
  }
  return out;
}

const processed = (changes: readonly Change[]): number =>
  [...view(changes).values()].reduce((n, row) => n + Number(row[1]), 0);

async function stopWithSavepoint(
  min: number,
  key: string,
): Promise<{ savepoint: Savepoint; seen: Change[] }> {
  const s = await session();
  const r = await start(s, countsWhere(min), key);
  const seen = await pullUntil(r, (all) => processed(all) > 500);
  const savepoint = (await r.stop({ savepoint: true, drain: false }))!;
  seen.push(...(await pullUntil(r, () => false)));
  await r.done;
  expect(r.state).toBe('CANCELLED');
  return { savepoint, seen };
}

describe('savepoints', () => {
  it('stop with savepoint, change a filter constant, resume: the aggregate state is kept', async () => {
    const { savepoint, seen } = await stopWithSavepoint(0, 'sp-filter');
    expect(existsSync(join(savepoint.path, '_metadata'))).toBe(true);
    expect(savepoint.path.startsWith(join(dataDir, 'savepoints'))).toBe(true);
    expect(savepoint.metadata.kind).toBe('savepoint');
    const before = processed(seen);
    expect(before).toBeGreaterThan(500);
    expect(before).toBeLessThan(ROWS);

    const s = await session();
    // a changed filter constant: ids up to 100 were counted before the savepoint anyway
    const resumed = await start(s, countsWhere(100), 'sp-filter-2', savepoint.path);
    const after = await pullUntil(resumed, () => false);
    await resumed.done;
    expect(resumed.state).toBe('FINISHED');
    // counts continue from the savepoint: the first change per key is an update, not an insert
    expect(after.find((c) => c.row[0] === after[0]!.row[0])!.op).not.toBe(0);
    const final = view([...seen, ...after]);
    const counts = new Map([...final.values()].map((row) => [Number(row[0]), Number(row[1])]));
    for (let k = 0; k < KEYS; k++) expect(counts.get(k)).toBe(ROWS / KEYS);
  });

  it('refuses a resume into an incompatible plan, naming the operator and what changed', async () => {
    const { savepoint } = await stopWithSavepoint(0, 'sp-incompatible');
    const s = await session();
    const resumed = await start(s, countsWhere(0, ', SUM(id) AS total'), 'sp-incompatible-2', savepoint.path);
    await resumed.done;
    expect(resumed.state).toBe('FAILED');
    const message = String((resumed.error as Error).message);
    expect(message).toMatch(/Cannot restore operator 'GroupAggregate-1' from savepoint/);
    expect(message).toMatch(
      /written for GroupAggregate .*calls \[COUNT\].*this plan has GroupAggregate .*calls \[COUNT, SUM\]/,
    );
  });

  it('refuses another pipeline.max-parallelism with the option to set', async () => {
    const { savepoint } = await stopWithSavepoint(0, 'sp-parallelism');
    const s = await session({ 'pipeline.max-parallelism': '64' });
    const resumed = await start(s, countsWhere(0), 'sp-parallelism-2', savepoint.path);
    await resumed.done;
    expect(resumed.state).toBe('FAILED');
    expect(String((resumed.error as Error).message)).toMatch(
      /max parallelism 128, this job uses 64.*'pipeline\.max-parallelism' = '128'/,
    );
  });

  it('refuses state no operator claims unless execution.savepoint.ignore-unclaimed-state', async () => {
    const { savepoint } = await stopWithSavepoint(0, 'sp-unclaimed');
    const plain = 'SELECT id FROM gen WHERE id > 2990';
    const refused = await start(await session(), plain, 'sp-unclaimed-2', savepoint.path);
    await refused.done;
    expect(refused.state).toBe('FAILED');
    expect(String((refused.error as Error).message)).toMatch(
      /does not contain: GroupAggregate-1.*'execution\.savepoint\.ignore-unclaimed-state' = 'true'/,
    );
    const s = await session({ 'execution.savepoint.ignore-unclaimed-state': 'true' });
    const allowed = await start(s, plain, 'sp-unclaimed-3', savepoint.path);
    const rows = await pullUntil(allowed, () => false);
    await allowed.done;
    expect(allowed.state).toBe('FINISHED');
    // the source position was restored: only ids after the savepoint are read
    expect(rows.map((c) => c.row[0])).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(2991 + i)));
  });

  it('starts from execution.savepoint.path set in the session', async () => {
    const { savepoint, seen } = await stopWithSavepoint(0, 'sp-config');
    const s = await session({ 'execution.savepoint.path': savepoint.path });
    const resumed = await start(s, countsWhere(0), 'sp-config-2');
    const after = await pullUntil(resumed, () => false);
    await resumed.done;
    const final = view([...seen, ...after]);
    expect([...final.values()].reduce((n, r) => n + Number(r[1]), 0)).toBe(ROWS);
  });
});
