/**
 * Runs every script of sql-examples/ (not nexmark/) through the embedded runner and compares its
 * output (stdout, then stderr and the exit code when not clean) with the `.out` file beside it.
 * Regenerate the expectations with UPDATE_SNAPSHOTS=1.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../src/cli/commands/run.ts';
import { type KafkaTestEnv, startKafkaTestEnv } from './connectors/kafka-env.ts';

const dir = join(import.meta.dirname, '..', 'sql-examples');
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort();
const update = process.env.UPDATE_SNAPSHOTS === '1';

// kafka-*.sql scripts use catalogs/default.json, pointed at a broker and registry started here on port 0
let kafka: KafkaTestEnv | undefined;
beforeAll(async () => {
  if (scripts.some((s) => s.startsWith('kafka-'))) kafka = await startKafkaTestEnv();
});
afterAll(async () => {
  await kafka?.close();
});

async function runCaptured(
  source: string,
  scriptPath?: string,
  signal?: AbortSignal,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runScript(source, {
    ...(scriptPath === undefined ? {} : { scriptPath }),
    environment: kafka
      ? { TRIBUTARY_KAFKA_BOOTSTRAP: kafka.bootstrap, TRIBUTARY_SCHEMA_REGISTRY_URL: kafka.registryUrl }
      : {},
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    ...(signal === undefined ? {} : { signal }),
  });
  return { code, out, err };
}

describe('sql-examples', () => {
  it('has at least 8 scripts, each starting with a comment saying what it shows', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(8);
    for (const s of scripts) expect(readFileSync(join(dir, s), 'utf8')).toMatch(/^-- \S/);
  });

  for (const script of scripts) {
    it(script, async () => {
      const path = join(dir, script);
      const { code, out, err } = await runCaptured(readFileSync(path, 'utf8'), path);
      const actual = code === 0 && err === '' ? out : `${out}--- stderr ---\n${err}--- exit code ${code}\n`;
      const expectedPath = path.replace(/\.sql$/, '.out');
      if (update || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
      expect(code).toBe(0);
    });
  }
});

describe('tributary run', () => {
  it('prints every syntax error with a caret and runs nothing', async () => {
    const { code, out, err } = await runCaptured(
      "CREATE TABLE t (a INT) WITH ('connector' = 'print');\nSELEC 1;\nSELECT FROM;\n",
    );
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('ERROR at line 2, column 1');
    expect(err).toContain('SELEC 1;\n^');
    expect(err).toContain('ERROR at line 3');
    expect(err).toContain('2 syntax errors; nothing was run.');
  });

  it('stops at a validation error with the positioned message', async () => {
    const { code, out, err } = await runCaptured(
      "CREATE TABLE t (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1');\nSELECT b FROM t;\nSELECT 1;\n",
    );
    expect(code).toBe(1);
    expect(out).toBe('[INFO] Execute statement succeeded.\n');
    expect(err).toMatch(/^ERROR at line 2, column 8: .*b/);
    expect(err).toContain('SELECT b FROM t;\n       ^');
  });

  it('reports connector option errors', async () => {
    const { code, err } = await runCaptured(
      "CREATE TABLE t (a INT) WITH ('connector' = 'datagen', 'fields.a.min' = 'x');\nSELECT a FROM t;\n",
    );
    expect(code).toBe(1);
    expect(err).toContain("Option 'fields.a.min' of field 'a' must be a INT value, got 'x'");
  });

  it('stops an unbounded INSERT when aborted (Ctrl-C) and says so', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    let printed = 0;
    let out = '';
    const code = await runScript(
      "CREATE TABLE src (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '100');\nCREATE TABLE dst (a INT) WITH ('connector' = 'print');\nINSERT INTO dst SELECT a FROM src;\nSELECT 1;\n",
      {
        signal: controller.signal,
        stdout: (t) => {
          out += t;
          printed += t.split('\n').filter((l) => l.startsWith('+I[')).length;
        },
      },
    );
    expect(code).toBe(130);
    expect(out).toContain('[INFO] Job stopped by Ctrl-C (SIGINT); sinks closed.');
    expect(out).not.toContain('EXPR$0');
    // rate-limited: about 100 rows per second, in batches of 5
    expect(printed).toBeGreaterThanOrEqual(5);
    expect(printed).toBeLessThan(80);
  });
});
