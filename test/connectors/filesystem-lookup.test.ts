import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../src/cli/commands/run.ts';
import { FilesystemLookup } from '../../src/connectors/filesystem/lookup.ts';
import {
  DEFAULT_LOOKUP_CACHE_TTL_MS,
  parseFilesystemOptions,
} from '../../src/connectors/filesystem/options.ts';
import { T } from '../../src/expr/types.ts';
import { tableOf } from './helpers.ts';

let root: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'tributary-fs-lookup-')));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(sql: string): Promise<{ code: number; lines: string[] }> {
  const out: string[] = [];
  const code = await runScript(sql, {
    allowedPaths: [root],
    stdout: (t) => out.push(t),
    stderr: (t) => out.push(t),
  });
  // the changelog lines the print sink wrote (not the [INFO] statement messages)
  return {
    code,
    lines: out
      .join('')
      .split('\n')
      .filter((l) => /^[+-][IUD]\[/.test(l)),
  };
}

describe('filesystem lookup join (SQL)', () => {
  it('joins each probe row with every file row of its key; keys without rows drop or pad', async () => {
    const dim = join(root, 'dim.csv');
    // key 2 twice, key 3 absent, a row with a null key (never found), key 5
    writeFileSync(dim, '1,one\n2,two\n2,deux\n,nobody\n5,five\n');
    const probe = join(root, 'probe.json');
    writeFileSync(probe, ['{"id": 1}', '{"id": 2}', '{"id": 3}', '{"id": 5}', '{"id": null}'].join('\n'));
    const ddl = `
      CREATE TABLE dim (k BIGINT, v STRING) WITH ('connector' = 'filesystem', 'path' = '${dim}', 'format' = 'csv');
      CREATE TABLE probe (id INT) WITH ('connector' = 'filesystem', 'path' = '${probe}', 'format' = 'json');
      CREATE TABLE sink_out (id INT, v STRING) WITH ('connector' = 'print');`;
    const inner = await run(`${ddl}
      INSERT INTO sink_out SELECT P.id, D.v FROM (SELECT *, PROCTIME() AS pt FROM probe) P
      JOIN dim FOR SYSTEM_TIME AS OF P.pt AS D ON P.id = D.k;`);
    expect(inner.code).toBe(0);
    expect(inner.lines.sort()).toEqual(['+I[1, one]', '+I[2, deux]', '+I[2, two]', '+I[5, five]']);
    const left = await run(`${ddl}
      INSERT INTO sink_out SELECT P.id, D.v FROM (SELECT *, PROCTIME() AS pt FROM probe) P
      LEFT JOIN dim FOR SYSTEM_TIME AS OF P.pt AS D ON P.id = D.k;`);
    expect(left.code).toBe(0);
    expect(left.lines.sort()).toEqual([
      '+I[1, one]',
      '+I[2, deux]',
      '+I[2, two]',
      '+I[3, null]',
      '+I[5, five]',
      '+I[null, null]',
    ]);
  });

  it('looks up composite keys over every file of a directory, with a computed probe key', async () => {
    const dir = join(root, 'dim-dir');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.json'), '{"a": 1, "b": "x", "v": 10}\n{"a": 1, "b": "y", "v": 11}\n');
    writeFileSync(join(dir, 'b.json'), '{"a": 2, "b": "x", "v": 20}\n');
    writeFileSync(join(dir, '.hidden.json'), '{"a": 2, "b": "y", "v": 99}\n');
    const probe = join(root, 'probe2.json');
    writeFileSync(probe, '{"n": 11, "s": "x"}\n{"n": 12, "s": "y"}\n{"n": 22, "s": "x"}\n');
    const { code, lines } = await run(`
      CREATE TABLE dim (a INT, b STRING, v INT) WITH ('connector' = 'filesystem', 'path' = '${dir}', 'format' = 'json');
      CREATE TABLE probe (n INT, s STRING) WITH ('connector' = 'filesystem', 'path' = '${probe}', 'format' = 'json');
      CREATE TABLE sink_out (n INT, v INT) WITH ('connector' = 'print');
      INSERT INTO sink_out SELECT P.n, D.v FROM (SELECT *, PROCTIME() AS pt FROM probe) P
      JOIN dim FOR SYSTEM_TIME AS OF P.pt AS D ON MOD(P.n, 10) = D.a AND P.s = D.b;`);
    expect(code).toBe(0);
    expect(lines.sort()).toEqual(['+I[11, 10]', '+I[22, 20]']);
  });
});

describe('FilesystemLookup', () => {
  const table = tableOf({ k: T.bigint(), v: T.string() });

  function lookupOn(path: string, options: Record<string, string>, clock: () => number): FilesystemLookup {
    const config = parseFilesystemOptions(
      table,
      { connector: 'filesystem', path, format: 'csv', ...options },
      [root],
    );
    return new FilesystemLookup(config, [root], { fields: [0, 1], keyFields: [0], clock });
  }

  it('reads the file again only once lookup.join.cache.ttl has passed', async () => {
    const file = join(root, 'reloaded.csv');
    writeFileSync(file, '1,old\n');
    let now = 1_000_000;
    const lookup = lookupOn(file, { 'lookup.join.cache.ttl': '10 s' }, () => now);
    await Promise.resolve(); // the decoder promise settles
    lookup.open();
    expect(lookup.lookupBatch([[1n], [2n]])).toEqual([[[1n, 'old']], []]);
    writeFileSync(file, '1,new\n2,added\n');
    now += 9_999;
    expect(lookup.lookupBatch([[1n], [2n]])).toEqual([[[1n, 'old']], []]);
    expect(lookup.loads).toBe(1);
    now += 1;
    expect(lookup.lookupBatch([[1n], [2n]])).toEqual([[[1n, 'new']], [[2n, 'added']]]);
    expect(lookup.loads).toBe(2);
    lookup.close();
  });

  it("defaults to Flink's 60 minutes and rejects a malformed ttl", () => {
    expect(DEFAULT_LOOKUP_CACHE_TTL_MS).toBe(3_600_000);
    const config = parseFilesystemOptions(table, { connector: 'filesystem', path: root, format: 'csv' }, [
      root,
    ]);
    expect(config.lookupCacheTtlMs).toBe(3_600_000);
    expect(() =>
      parseFilesystemOptions(
        table,
        { connector: 'filesystem', path: root, format: 'csv', 'lookup.join.cache.ttl': 'soon' },
        [root],
      ),
    ).toThrow(/lookup\.join\.cache\.ttl.*duration/);
  });

  it('names the file and line of a row it cannot read', async () => {
    const file = join(root, 'broken.csv');
    writeFileSync(file, '1,ok\nnot-a-number,bad\n');
    const lookup = lookupOn(file, {}, () => 0);
    await Promise.resolve();
    expect(() => lookup.open()).toThrow(/broken\.csv' line 2/);
  });
});
