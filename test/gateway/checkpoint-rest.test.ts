/**
 * Checkpoints and savepoints over the gateway's REST API: the `/checkpoints` history and Flink's
 * checkpoint metrics while a statement checkpoints; a REST stop takes a savepoint (recorded on the
 * statement) and a resume restores it; `STOP JOB ... WITH SAVEPOINT` in SQL; a new statement starts
 * from the savepoint with `spec.startFromSavepoint` after a filter change; a bad savepoint path or an
 * incompatible plan fail clearly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, statement, type TestGateway, waitFor } from './helpers.ts';

let gw: TestGateway;
const S = '/v1/environments/default/statements';
const ROWS = 4000;
const KEYS = 4;

beforeAll(async () => {
  gw = await startTestGateway();
  const ddl = `CREATE TABLE seq (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${ROWS}', 'rows-per-second' = '2000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${ROWS}')`;
  expect((await gw.request('POST', S, statement(ddl))).status).toBe(201);
});
afterAll(async () => {
  await gw.stop();
});

const counts = (min: number, extra = '') =>
  `SELECT id % ${KEYS} AS k, COUNT(*) AS c${extra} FROM seq WHERE id > ${min} GROUP BY id % ${KEYS}`;
const CHECKPOINTED = { 'execution.checkpointing.interval': '150 ms' };

interface Status {
  phase: string;
  detail: string;
  latestSavepoint?: { path: string; checkpointId: number };
}
const status = async (name: string): Promise<Status> =>
  (await gw.request('GET', `${S}/${name}`)).body.status as Status;
const phase = (name: string, wanted: string) =>
  waitFor(async () => ((await status(name)).phase === wanted ? true : undefined), `${name} ${wanted}`);

/** Reads a statement's results into an upsert view keyed by the first column. */
class ResultReader {
  readonly view = new Map<number, number>();
  readonly ops: number[] = [];
  private next: string | undefined;
  constructor(private readonly name: string) {}
  async read(): Promise<boolean> {
    const url = this.next ?? `${S}/${this.name}/results?wait_ms=200&page_size=5000`;
    const page = await gw.request('GET', url.replace(/^.*\/v1/, '/v1'));
    const data = (page.body.results as { data: { op: number; row: unknown[] }[] }).data;
    for (const { op, row } of data) {
      this.ops.push(op);
      if (op !== 1) this.view.set(Number(row[0]), Number(row[1]));
    }
    const next = (page.body.metadata as { next?: string }).next;
    if (next !== undefined) this.next = next;
    return next === undefined;
  }
  total(): number {
    return [...this.view.values()].reduce((a, b) => a + b, 0);
  }
}

interface CheckpointsBody {
  kind: string;
  counts: { completed: number; failed: number; inProgress: number };
  latest: {
    completed: {
      id: number;
      status: string;
      durationMs: number;
      stateSize: number;
      operators: { operatorId: string; stateSize: number }[];
    } | null;
    savepoint: { id: number; path: string } | null;
    restored: { id: number; kind: string; path: string } | null;
  };
  history: { id: number; kind: string; status: string; triggerTimestamp: string }[];
}
const checkpoints = async (name: string): Promise<CheckpointsBody> =>
  (await gw.request('GET', `${S}/${name}/checkpoints`)).body as unknown as CheckpointsBody;

describe('checkpoints and savepoints over REST', () => {
  it('reports checkpoints and metrics, stops with a savepoint and resumes from it', async () => {
    const created = await gw.request('POST', S, statement(counts(0), 'counts', { properties: CHECKPOINTED }));
    expect(created.status).toBe(201);
    const reader = new ResultReader('counts');
    await waitFor(async () => {
      await reader.read();
      return (await checkpoints('counts')).counts.completed >= 2 ? true : undefined;
    }, 'completed checkpoints');

    const body = await checkpoints('counts');
    expect(body.kind).toBe('StatementCheckpoints');
    const latest = body.latest.completed!;
    expect(latest.status).toBe('COMPLETED');
    expect(latest.durationMs).toBeGreaterThanOrEqual(0);
    expect(latest.stateSize).toBeGreaterThan(0);
    expect(latest.operators.find((o) => o.operatorId === 'GroupAggregate-1')!.stateSize).toBeGreaterThan(0);
    expect(body.history[0]!.triggerTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(
      body.history.every((h, i) => i === 0 || h.triggerTimestamp <= body.history[i - 1]!.triggerTimestamp),
    ).toBe(true);

    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    const completedMetric =
      /flink_jobmanager_job_numberOfCompletedCheckpoints\{environment="default",statement="counts"\} (\d+)/.exec(
        metrics,
      );
    expect(Number(completedMetric?.[1])).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(
      /flink_jobmanager_job_lastCheckpointSize\{environment="default",statement="counts"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /flink_jobmanager_job_lastCheckpointDuration\{environment="default",statement="counts"\} \d/,
    );
    expect(metrics).toMatch(
      /flink_jobmanager_job_numberOfFailedCheckpoints\{environment="default",statement="counts"\} 0/,
    );
    expect(metrics).toMatch(
      /flink_jobmanager_job_numberOfInProgressCheckpoints\{environment="default",statement="counts"\} [01]/,
    );

    // REST stop: a savepoint, recorded on the statement
    const stopped = await gw.request('PUT', `${S}/counts`, { spec: { stopped: true } });
    expect(stopped.status).toBe(200);
    const afterStop = stopped.body.status as Status;
    expect(afterStop.phase).toBe('STOPPED');
    expect(afterStop.latestSavepoint?.path).toContain(join(gw.dataDir, 'savepoints'));
    expect(existsSync(join(afterStop.latestSavepoint!.path, '_metadata'))).toBe(true);
    expect(afterStop.detail).toContain(`with savepoint ${afterStop.latestSavepoint!.checkpointId}`);
    expect((await checkpoints('counts')).latest.savepoint?.path).toBe(afterStop.latestSavepoint!.path);
    while (!(await reader.read()) && reader.ops.length === 0);
    const atStop = reader.total();
    expect(atStop).toBeLessThan(ROWS);

    // resume: restored from the savepoint, counts continue where they stopped
    const resumed = await gw.request('PUT', `${S}/counts`, { spec: { stopped: false } });
    expect((resumed.body.status as Status).detail).toContain(
      `savepoint ${afterStop.latestSavepoint!.checkpointId}`,
    );
    await waitFor(async () => ((await reader.read()) ? true : undefined), 'counts to complete', 120_000);
    expect((await status('counts')).phase).toBe('COMPLETED');
    expect((await checkpoints('counts')).latest.restored).toMatchObject({
      kind: 'savepoint',
      path: afterStop.latestSavepoint!.path,
    });
    expect(reader.total()).toBe(ROWS);
    for (let k = 0; k < KEYS; k++) expect(reader.view.get(k)).toBe(ROWS / KEYS);
  }, 240_000);

  it('STOP JOB WITH SAVEPOINT, then a changed filter starts from it; an incompatible plan fails clearly', async () => {
    await gw.request('POST', S, statement(counts(0), 'job-a'));
    await phase('job-a', 'RUNNING');
    const reader = new ResultReader('job-a');
    await waitFor(async () => {
      await reader.read();
      return reader.total() > 500 ? true : undefined;
    }, 'job-a results');

    const stop = await gw.request('POST', S, statement("STOP JOB 'job-a' WITH SAVEPOINT", 'stop-a'));
    expect(stop.status).toBe(201);
    expect((stop.body.status as Status).phase).toBe('COMPLETED');
    const result = stop.body.result as { columns: { name: string }[]; data: { row: string[] }[] };
    expect(result.columns[0]!.name).toBe('savepoint path');
    const savepoint = result.data[0]!.row[0]!;
    expect(existsSync(join(savepoint, '_metadata'))).toBe(true);
    const a = (await gw.request('GET', `${S}/job-a`)).body as { spec: { stopped: boolean }; status: Status };
    expect(a.status.phase).toBe('STOPPED');
    expect(a.spec.stopped).toBe(true);
    expect(a.status.latestSavepoint?.path).toBe(savepoint);
    while (!(await reader.read()) && reader.ops.length === 0);

    // same aggregate, a changed filter constant (ids <= 10 were counted already)
    await gw.request('POST', S, statement(counts(10), 'job-b', { startFromSavepoint: savepoint }));
    const b = new ResultReader('job-b');
    await waitFor(async () => ((await b.read()) ? true : undefined), 'job-b to complete', 120_000);
    expect((await status('job-b')).phase).toBe('COMPLETED');
    expect(b.ops[0]).not.toBe(0); // the first change updates restored state
    expect(b.total()).toBe(ROWS);

    const bad = await gw.request(
      'POST',
      S,
      statement(counts(0), 'job-c', { startFromSavepoint: '/nonexistent/savepoint' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_SAVEPOINT');

    await gw.request(
      'POST',
      S,
      statement(counts(0, ', MAX(id) AS m'), 'job-d', { startFromSavepoint: savepoint }),
    );
    await phase('job-d', 'FAILED');
    const exceptions = (await gw.request('GET', `${S}/job-d/exceptions`)).body.items as { message: string }[];
    expect(exceptions[0]!.message).toMatch(
      /Cannot restore operator 'GroupAggregate-1' from savepoint .*calls \[COUNT, MAX\]/,
    );

    const notRunning = await gw.request('POST', S, statement("STOP JOB 'job-a'"));
    expect(notRunning.status).toBe(400);
    expect(String(notRunning.body.message)).toMatch(/'job-a' is not running \(STOPPED\)/);
  }, 240_000);

  it('documents /checkpoints with its response schema in the OpenAPI document', async () => {
    const doc = (await gw.request('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    const op = doc.paths['/v1/environments/{env}/statements/{name}/checkpoints']!.get!;
    expect(JSON.stringify(op.responses['200']!.content)).toContain('"history"');
  });
});
