/**
 * State TTL end to end: the option reaches every stateful operator from SQL — `SET
 * 'table.exec.state.ttl'`, `SET 'sql.state-ttl'` in a script, and a gateway statement's
 * `sql.state-ttl` property — for joins, aggregations, SELECT DISTINCT, Top-N, deduplication and
 * changelog normalization. Sources are scripted feeds: each row carries the processing time at which
 * it arrives, and the test advances the job's clock to it.
 */
import { describe, expect, it } from 'vitest';
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import { configFromProperties } from '../../src/gateway/engine/properties.ts';
import { bindStatement } from '../../src/planner/index.ts';
import {
  type ConnectorFactory,
  type ConnectorTable,
  FactoryConnectorRegistry,
  type SourceOptions,
} from '../../src/planner/physical/connectors.ts';
import { buildJob } from '../../src/planner/physical/job-builder.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { batchOf, type Row } from '../../src/runtime/batch.ts';
import type { OperatorContext, OperatorSnapshot } from '../../src/runtime/operator.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import type { SourceOperator } from '../../src/runtime/task.ts';
import { parseScript } from '../../src/sql/index.ts';

/** One scripted row: arrival time (processing time, ms), change kind, values of the physical columns. */
type FeedRow = readonly [at: number, kind: '+I' | '+U' | '-D', ...values: unknown[]];

const KINDS = { '+I': 0, '+U': 2, '-D': 3 } as const;

class Clock {
  now = 0;
  readonly read = (): number => this.now;
}

/** Emits its rows one per poll, each once the clock has reached its arrival time. */
class FeedSource implements SourceOperator {
  readonly name = 'Feed';
  private ctx!: OperatorContext;
  private next = 0;
  constructor(
    private readonly rows: readonly FeedRow[],
    private readonly columns: readonly number[],
    private readonly clock: Clock,
  ) {}
  nextPollTime(): number {
    return this.rows[this.next]?.[0] ?? this.clock.now;
  }
  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }
  poll(): boolean {
    const r = this.rows[this.next];
    if (r === undefined) return false;
    this.next++;
    const [, kind, ...values] = r;
    const row: Row = this.columns.map((c) => values[c] ?? null);
    this.ctx.output.emitBatch(batchOf([row], [KINDS[kind]]));
    return true;
  }
  snapshotState(checkpointId: number): OperatorSnapshot {
    return {
      checkpointId,
      keyed: { backend: 'hashmap', maxParallelism: 128, states: {}, timers: {} },
      operator: null,
    };
  }
  restoreState(): void {}
  close(): void {}
}

class FeedConnector implements ConnectorFactory {
  constructor(
    private readonly feeds: Readonly<Record<string, readonly FeedRow[]>>,
    private readonly clock: Clock,
  ) {}
  createSource(table: ConnectorTable, options: SourceOptions): SourceOperator {
    const rows = this.feeds[table.path.name];
    if (rows === undefined) throw new Error(`no feed for table ${table.path.name}`);
    return new FeedSource(rows, options.columns, this.clock);
  }
}

/**
 * Runs the script's last statement (a query) with the script's SETs (or `config`) applied, advancing
 * the clock to each arrival time in turn; returns the changelog.
 */
async function runFeeds(
  script: string,
  feeds: Record<string, readonly FeedRow[]>,
  config = new Map<string, string>(),
): Promise<string[]> {
  const clock = new Clock();
  const catalogs = new CatalogManager();
  const connectors = new FactoryConnectorRegistry().register('feed', new FeedConnector(feeds, clock));
  const { statements, errors } = parseScript(script);
  if (errors.length > 0) throw errors[0];
  const collector = new ChangelogCollector({ formatField: (v) => (v === null ? 'null' : String(v)) });
  let job: ReturnType<typeof buildJob>['job'] | undefined;
  for (const stmt of statements) {
    const bound = bindStatement(stmt, { catalogs, config });
    if (bound.kind === 'CatalogAction') await catalogs.apply(bound.action);
    else if (bound.kind === 'Set') config.set(bound.key!, bound.value ?? '');
    else if (bound.kind === 'Query') {
      const plan = planStatement(bound, { connectors, config });
      job = buildJob(plan.roots, {
        connectors,
        config,
        job: { clock: clock.read },
        collect: () => collector,
      }).job;
    }
  }
  if (job === undefined) throw new Error('the script has no query');
  job.open();
  const times = [...new Set(Object.values(feeds).flatMap((rows) => rows.map((r) => r[0])))].sort(
    (a, b) => a - b,
  );
  for (const t of times) {
    clock.now = t;
    while (job.step()) {}
  }
  job.close();
  return collector.changelog;
}

const TABLES = `
CREATE TABLE l (k STRING, v STRING) WITH ('connector' = 'feed');
CREATE TABLE r (k STRING, v STRING) WITH ('connector' = 'feed');
`;
const JOIN_FEEDS: Record<string, readonly FeedRow[]> = {
  l: [[0, '+I', 'k', 'l1']],
  r: [
    [999, '+I', 'k', 'r1'],
    [1000, '+I', 'k', 'r2'],
  ],
};
const JOIN = 'SELECT l.v, r.v FROM l JOIN r ON l.k = r.k';

describe('state TTL from SQL', () => {
  it("regular join: SET 'table.exec.state.ttl' expires an idle side", async () => {
    const out = await runFeeds(`SET 'table.exec.state.ttl' = '1 s';${TABLES}${JOIN};`, JOIN_FEEDS);
    expect(out).toEqual(['+I[l1, r1]']);
  });

  it("regular join: SET 'sql.state-ttl' works the same", async () => {
    const out = await runFeeds(`SET 'sql.state-ttl' = '1000 ms';${TABLES}${JOIN};`, JOIN_FEEDS);
    expect(out).toEqual(['+I[l1, r1]']);
  });

  it("regular join: a gateway statement's sql.state-ttl property", async () => {
    const config = configFromProperties({ 'sql.state-ttl': '1 s' });
    expect(await runFeeds(`${TABLES}${JOIN};`, JOIN_FEEDS, config)).toEqual(['+I[l1, r1]']);
  });

  it('regular join without a TTL keeps both sides', async () => {
    expect(await runFeeds(`${TABLES}${JOIN};`, JOIN_FEEDS)).toEqual(['+I[l1, r1]', '+I[l1, r2]']);
  });

  it('group aggregation restarts an idle key from zero', async () => {
    const out = await runFeeds(
      `SET 'table.exec.state.ttl' = '1 s';${TABLES}SELECT k, COUNT(*) FROM l GROUP BY k;`,
      {
        l: [
          [0, '+I', 'a', 'x'],
          [900, '+I', 'a', 'x'],
          [1900, '+I', 'a', 'x'],
        ],
      },
    );
    expect(out).toEqual(['+I[a, 1]', '-U[a, 1]', '+U[a, 2]', '+I[a, 1]']);
  });

  it('SELECT DISTINCT forgets an idle row', async () => {
    const out = await runFeeds(`SET 'table.exec.state.ttl' = '1 s';${TABLES}SELECT DISTINCT k FROM l;`, {
      l: [
        [0, '+I', 'a', 'x'],
        [2000, '+I', 'a', 'y'],
      ],
    });
    expect(out).toEqual(['+I[a]', '+I[a]']);
  });

  it('Top-N forgets an idle partition', async () => {
    const out = await runFeeds(
      `SET 'table.exec.state.ttl' = '1 s';${TABLES}
       SELECT k, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM l) WHERE rn <= 1;`,
      {
        l: [
          [0, '+I', 'a', 'm'],
          [500, '+I', 'a', 'b'],
          [1000, '+I', 'a', 'c'],
        ],
      },
    );
    // at 500 'b' does not rank below 'm'; at 1000 the partition is forgotten and 'c' ranks first
    expect(out).toEqual(['+I[a, m]', '+I[a, c]']);
  });

  it('deduplication (keep first row on proctime) re-admits a key after the TTL', async () => {
    const out = await runFeeds(
      `SET 'table.exec.state.ttl' = '1 s';
       CREATE TABLE t (k STRING, v STRING, pt AS PROCTIME()) WITH ('connector' = 'feed');
       SELECT k, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY pt ASC) AS rn FROM t) WHERE rn = 1;`,
      {
        t: [
          [0, '+I', 'a', 'first'],
          [999, '+I', 'a', 'dup'],
          [1000, '+I', 'a', 'again'],
        ],
      },
    );
    expect(out).toEqual(['+I[a, first]', '+I[a, again]']);
  });

  it('changelog normalization of an upsert source forgets an idle key', async () => {
    const out = await runFeeds(
      `SET 'table.exec.state.ttl' = '1 s';
       CREATE TABLE u (k STRING, v INT, PRIMARY KEY (k) NOT ENFORCED)
         WITH ('connector' = 'feed', 'changelog-mode' = 'I,UA,D');
       SELECT k, v FROM u WHERE v > 0;`,
      {
        u: [
          [0, '+I', 'a', 1],
          [500, '+U', 'a', 2],
          [1400, '+U', 'a', 3],
          [2500, '-D', 'a', 3],
        ],
      },
    );
    // at 1400 'a' was last written at 500 (kept); at 2500 it is gone, so the delete is dropped
    expect(out).toEqual(['+I[a, 1]', '-U[a, 1]', '+U[a, 2]', '-U[a, 2]', '+U[a, 3]']);
  });
});
