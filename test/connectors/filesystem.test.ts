import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../src/cli/commands/run.ts';
import { parseFilesystemOptions } from '../../src/connectors/filesystem/options.ts';
import { checkPathAllowed, PathNotAllowedError } from '../../src/connectors/filesystem/sandbox.ts';
import { FilesystemSink } from '../../src/connectors/filesystem/sink.ts';
import { FilesystemSource } from '../../src/connectors/filesystem/source.ts';
import { T } from '../../src/expr/types.ts';
import { Job } from '../../src/runtime/job.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import { drain, tableOf } from './helpers.ts';

let root: string;
let allowed: string;
let outside: string;

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'tributary-fs-')));
  allowed = join(root, 'allowed');
  outside = join(root, 'outside');
  mkdirSync(allowed);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.json'), '{"id": 1, "name": "secret"}\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const columns = { id: T.int(), name: T.string(), price: T.decimal(6, 2) };
const types = Object.values(columns);

function source(path: string, format: string, extra: Record<string, string> = {}): FilesystemSource {
  const table = tableOf(columns);
  const config = parseFilesystemOptions(table, { connector: 'filesystem', path, format, ...extra }, [
    allowed,
  ]);
  return new FilesystemSource(config, [allowed], undefined);
}

async function read(path: string, format: string, extra: Record<string, string> = {}): Promise<string[]> {
  const s = source(path, format, extra);
  await s.ready();
  return drain(s, types).changelog;
}

async function write(path: string, format: string, rows: unknown[][]): Promise<FilesystemSink> {
  const config = parseFilesystemOptions(tableOf(columns), { connector: 'filesystem', path, format }, [
    allowed,
  ]);
  const sink = new FilesystemSink(config);
  await sink.ready();
  const job = new Job();
  job.addSource('values', new ValuesSource({ rows }), [sink]);
  job.runToCompletion();
  job.close();
  return sink;
}

describe('filesystem source', () => {
  it('reads a JSON lines file', async () => {
    const file = join(allowed, 'a.json');
    writeFileSync(file, '{"id": 1, "name": "a", "price": 1.5}\n\n{"id": 2, "name": null, "price": 10}\r\n');
    expect(await read(file, 'json')).toEqual(['+I[1, a, 1.50]', '+I[2, null, 10.00]']);
  });

  it('reads every file of a directory in name order, skipping hidden files', async () => {
    const dir = join(allowed, 'dir');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'b.csv'), '2,b,2.00\n');
    writeFileSync(join(dir, 'a.csv'), '1,"a, quoted",1.00\n');
    writeFileSync(join(dir, 'sub', 'c.csv'), '3,c,3.00\n');
    writeFileSync(join(dir, '.hidden.csv'), '9,hidden,9.00\n');
    writeFileSync(join(dir, '_SUCCESS'), '');
    expect(await read(dir, 'csv')).toEqual(['+I[1, a, quoted, 1.00]', '+I[2, b, 2.00]', '+I[3, c, 3.00]']);
  });

  it('names the file and line of a record that does not decode', async () => {
    const file = join(allowed, 'bad.json');
    writeFileSync(file, '{"id": 1, "name": "a", "price": 1}\n{"id": "x"}\n');
    await expect(read(file, 'json')).rejects.toThrow(/bad\.json' line 2/);
    // Flink's json.ignore-parse-errors: a field that does not parse becomes null
    expect(await read(file, 'json', { 'json.ignore-parse-errors': 'true' })).toEqual([
      '+I[1, a, 1.00]',
      '+I[null, null, null]',
    ]);
  });

  it('rejects formats other than json and csv, and unknown options', () => {
    expect(() => source(join(allowed, 'a.json'), 'avro')).toThrow(
      /'format' = 'avro' is not supported.*json, csv/,
    );
    expect(() => source(join(allowed, 'a.json'), 'json', { 'source.monitor-interval': '1s' })).toThrow(
      /Unsupported options[\s\S]*source\.monitor-interval/,
    );
  });
});

describe('filesystem sink', () => {
  it('writes JSON lines to a single file, replacing it', async () => {
    const file = join(allowed, 'out', 'single.json');
    await write(file, 'json', [[1, 'x', 150n]]);
    await write(file, 'json', [
      [1, 'a', 150n],
      [2, null, 5n],
    ]);
    expect(readFileSync(file, 'utf8')).toBe(
      '{"id":1,"name":"a","price":1.50}\n{"id":2,"name":null,"price":0.05}\n',
    );
    expect(readdirSync(join(allowed, 'out'))).toEqual(['single.json']);
  });

  it('writes a part file into a directory, readable back as CSV', async () => {
    const dir = join(allowed, 'parts');
    const sink = await write(dir, 'csv', [
      [1, 'a,b', 100n],
      [2, 'c', 2n],
    ]);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^part-[0-9a-z]+-[0-9a-f]{8}-0-0\.csv$/);
    expect(sink.outputPath).toBe(join(dir, files[0]!));
    expect(readFileSync(join(dir, files[0]!), 'utf8')).toBe('1,"a,b",1.00\n2,c,0.02\n');
    expect(await read(dir, 'csv')).toEqual(['+I[1, a,b, 1.00]', '+I[2, c, 0.02]']);
  });

  it('is rejected at planning time for an updating input', async () => {
    const lines: string[] = [];
    const file = join(allowed, 'agg.json');
    writeFileSync(file, '{"id": 1, "name": "a", "price": 1}\n');
    const code = await runScript(
      `CREATE TABLE src (id INT, name STRING, price DECIMAL(6, 2)) WITH ('connector' = 'filesystem', 'path' = '${file}', 'format' = 'json');
       CREATE TABLE dst (name STRING, n BIGINT) WITH ('connector' = 'filesystem', 'path' = '${join(allowed, 'agg-out.json')}', 'format' = 'json');
       INSERT INTO dst SELECT name, COUNT(*) FROM src GROUP BY name;`,
      { allowedPaths: [allowed], stdout: (t) => lines.push(t), stderr: (t) => lines.push(t) },
    );
    expect(code).toBe(1);
    expect(lines.join('')).toMatch(/dst[\s\S]*(update|insert-only|append)/i);
  });
});

describe('filesystem sandbox', () => {
  const attempt = (path: string): string => {
    try {
      checkPathAllowed(path, [allowed]);
    } catch (e) {
      expect(e).toBeInstanceOf(PathNotAllowedError);
      return (e as Error).message;
    }
    throw new Error(`'${path}' was allowed`);
  };

  it('refuses /etc/passwd, naming the path and the allowed directories', () => {
    const message = attempt('/etc/passwd');
    expect(message).toContain("'/etc/passwd'");
    expect(message).toContain(allowed);
  });

  it('refuses a relative path climbing out with ..', () => {
    const climbing = relative(process.cwd(), join(allowed, '..', '..', '..', '..', 'etc', 'passwd'));
    expect(attempt(climbing)).toContain(climbing);
    expect(attempt(join(allowed, '..', 'outside', 'secret.json'))).toContain('outside');
    expect(attempt(`${allowed}/../../../etc/passwd`)).toContain('passwd');
  });

  it('refuses absolute paths outside, including a sibling sharing the prefix', () => {
    attempt(join(outside, 'secret.json'));
    mkdirSync(`${allowed}-evil`, { recursive: true });
    attempt(join(`${allowed}-evil`, 'x.json'));
  });

  it('refuses a symlink inside the allowed directory that points outside', () => {
    const link = join(allowed, 'link-out.json');
    symlinkSync(join(outside, 'secret.json'), link);
    attempt(link);
    const dirLink = join(allowed, 'dir-out');
    symlinkSync(outside, dirLink);
    attempt(join(dirLink, 'secret.json'));
    attempt(join(dirLink, 'new-file.json')); // not existing yet: its existing prefix is resolved
  });

  it('refuses a file:// URI outside, and files linked out of a directory being read', async () => {
    expect(() => source('file:///etc/passwd', 'json')).toThrow(PathNotAllowedError);
    const dir = join(allowed, 'mixed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.json'), '{"id": 1, "name": "a", "price": 1}\n');
    symlinkSync(join(outside, 'secret.json'), join(dir, 'b.json'));
    await expect(read(dir, 'json')).rejects.toThrow(/outside the allowed directories/);
  });

  it('allows paths inside, through .. that stays inside, and file:// URIs', () => {
    expect(checkPathAllowed(join(allowed, 'x', '..', 'a.json'), [allowed])).toBe(join(allowed, 'a.json'));
    expect(checkPathAllowed(`file://${join(allowed, 'a.json')}`.replace('file://', ''), [allowed])).toBe(
      join(allowed, 'a.json'),
    );
    expect(() => source(`file://${join(allowed, 'a.json')}`, 'json')).not.toThrow();
  });

  it('reads TRIBUTARY_ALLOWED_PATHS when no list is given', async () => {
    const { allowedDirectories } = await import('../../src/connectors/filesystem/sandbox.ts');
    const saved = process.env.TRIBUTARY_ALLOWED_PATHS;
    process.env.TRIBUTARY_ALLOWED_PATHS = `${outside}:${allowed}`;
    try {
      expect(allowedDirectories()).toEqual([outside, allowed]);
    } finally {
      if (saved === undefined) delete process.env.TRIBUTARY_ALLOWED_PATHS;
      else process.env.TRIBUTARY_ALLOWED_PATHS = saved;
    }
    expect(allowedDirectories([allowed])).toEqual([allowed]);
  });
});
