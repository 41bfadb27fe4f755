import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { GatewayCatalogs } from '../../src/gateway/catalogs.ts';
import { DEFAULT_CONFIG, type GatewayConfig } from '../../src/gateway/config.ts';
import type { ComputePool } from '../../src/gateway/pools/compute-pool.ts';
import type { StoredStatement } from '../../src/gateway/resources.ts';
import { type StartedGateway, startGateway } from '../../src/gateway/server.ts';
import { StatementManager } from '../../src/gateway/statements/manager.ts';
import { openDatabase } from '../../src/gateway/store/database.ts';
import { DdlLog, StatementTable } from '../../src/gateway/store/repositories.ts';

export interface TestGateway extends StartedGateway {
  readonly dataDir: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

export async function startTestGateway(
  overrides: Partial<GatewayConfig> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'tributary-gw-')),
): Promise<TestGateway> {
  const gateway = await startGateway(
    {
      ...DEFAULT_CONFIG,
      port: 0,
      dataDir,
      auth: { enabled: false },
      defaultPool: { maxCfu: 2 },
      ...overrides,
    },
    { logger: pino({ level: 'silent' }) },
  );
  return {
    ...gateway,
    dataDir,
    async request(method, path, body, headers = {}) {
      const res = await fetch(`${gateway.url}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        parsed = { text };
      }
      return { status: res.status, body: parsed };
    },
    async stop() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const statement = (
  sql: string,
  name?: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  ...(name ? { metadata: { name } } : {}),
  spec: { statement: sql, ...extra },
});

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const DATAGEN = (rows: number, name = 'gen'): string =>
  `CREATE TABLE ${name} (id BIGINT, price DECIMAL(10, 2), ts TIMESTAMP(3)) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${rows}')`;

/**
 * A statement manager on its own SQLite database in a fresh data directory, running statements on
 * `pool` (no HTTP server): for tests of the statement lifecycle itself. `close()` stops everything
 * and removes the directory.
 */
export function startTestManager(
  pool: ComputePool,
  prefix: string,
  resultBufferRows: number,
): { manager: StatementManager; close(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const db = openDatabase(dataDir);
  const manager = new StatementManager({
    table: new StatementTable<StoredStatement>(db),
    catalogs: new GatewayCatalogs({ dataDir }, new DdlLog(db)),
    pool: () => pool,
    environmentDefaults: () => undefined,
    logger: pino({ level: 'silent' }),
    resultBufferRows,
    maxRunningPerKey: 20,
    dataDir,
  });
  return {
    manager,
    async close() {
      await manager.close();
      await pool.close();
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
