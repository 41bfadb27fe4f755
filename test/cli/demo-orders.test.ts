import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../src/broker/index.ts';
import { type DemoOrders, startDemoOrders } from '../../src/cli/commands/demo-orders.ts';
import { type RunningRegistry, startRegistry } from '../../src/registry/index.ts';
import { ROOT } from './tmux.ts';

/**
 * The demo topic of `tributary start`, read the way a user reads it: through the default Kafka
 * catalog (catalogs/default.json), with a windowed aggregate over `$rowtime`.
 */
let dir: string;
let broker: RunningBroker;
let registry: RunningRegistry;
let demo: DemoOrders;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-demo-'));
  broker = await startBroker({ port: 0, dataDir: join(dir, 'broker') });
  registry = await startRegistry({ port: 0, dataDir: join(dir, 'registry') });
  demo = await startDemoOrders({
    bootstrap: `${broker.host}:${broker.port}`,
    registryUrl: registry.url,
    rate: 20,
    backlog: 1100,
  });
}, 120_000);
afterAll(async () => {
  await demo?.close();
  await registry?.close();
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('feeds demo_orders with a backlog and live orders that a windowed query reads through the catalog', async () => {
  expect(demo.written()).toBe(1100);
  const deadline = Date.now() + 30_000;
  while (demo.written() < 1110 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(demo.written()).toBeGreaterThanOrEqual(1110);

  const script = join(dir, 'demo.sql');
  writeFileSync(
    script,
    `USE CATALOG \`default\`;
-- bounded at the offsets of the scan's start, so the script ends (and the last windows close)
CREATE TEMPORARY VIEW orders_so_far AS
SELECT * FROM demo_orders /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */;
SELECT window_start, window_end, COUNT(*) AS orders, MIN(order_id) AS first_id, SUM(price) AS revenue
FROM TUMBLE(TABLE orders_so_far, DESCRIPTOR(\`$rowtime\`), INTERVAL '10' SECOND)
GROUP BY window_start, window_end;
`,
  );
  const out = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '-f', script],
      {
        cwd: ROOT,
        timeout: 180_000,
        env: {
          ...process.env,
          TRIBUTARY_EMBEDDED_BOOTSTRAP: `${broker.host}:${broker.port}`,
          TRIBUTARY_EMBEDDED_REGISTRY: registry.url,
        },
      },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          stdout,
          stderr,
        }),
    );
  });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  // final rows only (a window aggregate, not an updating one)
  expect(out.stdout).not.toContain('| -U |');
  // 10-second windows of 20 orders/s: full ones hold 200 orders; ids start at 1; prices have cents
  const rows = [
    ...out.stdout.matchAll(/^\| \+I \| (\S+ \S+) \| \S+ \S+ \|\s+(\d+) \|\s+(\d+) \|\s+(\d+\.\d\d) \|$/gm),
  ];
  expect(rows.length, out.stdout).toBeGreaterThanOrEqual(5);
  const orders = rows.map((r) => Number(r[2]));
  expect(Math.max(...orders), out.stdout).toBe(200);
  expect(orders.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1100);
  expect(Math.min(...rows.map((r) => Number(r[3])))).toBe(1);
}, 300_000);
