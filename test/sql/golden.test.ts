/**
 * Golden SQL tests (Arroyo/DataFusion style): each test/sql/golden/<operator>.sql is one script run by
 * the embedded runner. Its header says which operator it covers:
 *   -- operator: <name>            what the file covers (first line)
 *   -- order: ordered | any        compare as an ordered list, or as a multiset (output order not fixed)
 *   -- expect-error: <fragment>    the script must fail with stderr containing the fragment
 *   -- file: <name>                a data file written into a temp dir, its lines following as `--| <line>`
 * `${DATA}` in the script is replaced by that temp dir (the filesystem connector's only allowed path).
 * The script ends with `-- expected:` and the changelog the query prints, one `-- +I[...]` per row
 * (print-sink lines without their `id> ` prefix, or tableau rows rewritten the same way).
 * UPDATE_SNAPSHOTS=1 rewrites the expected blocks from the actual output.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../../src/cli/commands/run.ts';

const dir = join(import.meta.dirname, 'golden');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort();
const update = process.env.UPDATE_SNAPSHOTS === '1';
const dataRoot = mkdtempSync(join(tmpdir(), 'tributary-golden-'));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

const EXPECTED_MARKER = '-- expected:';
// biome-ignore lint/suspicious/noTemplateCurlyInString: the scripts' literal placeholder, not a template
const DATA_PLACEHOLDER = '${DATA}';

interface GoldenFile {
  readonly operator: string;
  readonly order: 'ordered' | 'any';
  readonly expectError: string | undefined;
  readonly dataFiles: ReadonlyMap<string, string>;
  /** The script before the expected block. */
  readonly script: string;
  readonly expected: readonly string[];
}

function headerValue(lines: readonly string[], key: string): string | undefined {
  const prefix = `-- ${key}:`;
  const line = lines.find((l) => l.startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

function parseGolden(name: string, text: string): GoldenFile {
  const at = text.indexOf(`\n${EXPECTED_MARKER}`);
  if (at < 0) throw new Error(`${name}: missing the '${EXPECTED_MARKER}' block at the end`);
  const script = text.slice(0, at + 1);
  const lines = script.split('\n');
  const operator = headerValue(lines.slice(0, 1), 'operator');
  if (operator === undefined) throw new Error(`${name}: the first line must be '-- operator: <name>'`);
  const order = headerValue(lines, 'order');
  if (order !== 'ordered' && order !== 'any') {
    throw new Error(`${name}: add '-- order: ordered' or '-- order: any' to the header`);
  }
  const dataFiles = new Map<string, string>();
  let current: string | undefined;
  for (const line of lines) {
    if (line.startsWith('-- file:')) {
      current = line.slice('-- file:'.length).trim();
      dataFiles.set(current, '');
    } else if (line.startsWith('--|') && current !== undefined) {
      dataFiles.set(current, `${dataFiles.get(current) ?? ''}${line.slice(3).trim()}\n`);
    } else current = undefined;
  }
  const expected = text
    .slice(at + 1 + EXPECTED_MARKER.length)
    .split('\n')
    .filter((l) => l.startsWith('-- '))
    .map((l) => l.slice(3));
  return { operator, order, expectError: headerValue(lines, 'expect-error'), dataFiles, script, expected };
}

const PRINT_LINE = /^(?:[^\s>]+> )?([+-][IUD]\[.*\])$/;
const TABLEAU_ROW = /^\| +([+-][IUD]) \|(.*)\|$/;

/** The changelog rows a script printed: print-sink lines and tableau rows, in order. */
function changelogOf(stdout: string): string[] {
  const rows: string[] = [];
  for (const line of stdout.split('\n')) {
    const printed = PRINT_LINE.exec(line);
    if (printed) {
      rows.push(printed[1]!);
      continue;
    }
    const row = TABLEAU_ROW.exec(line);
    if (row) {
      const cells = row[2]!.split('|').map((c) => (c.trim() === '<NULL>' ? 'null' : c.trim()));
      rows.push(`${row[1]}[${cells.join(', ')}]`);
    }
  }
  return rows;
}

async function runGolden(
  name: string,
  golden: GoldenFile,
): Promise<{ code: number; rows: string[]; out: string; err: string }> {
  const data = join(dataRoot, name.replace(/\.sql$/, ''));
  mkdirSync(data, { recursive: true });
  for (const [file, content] of golden.dataFiles) writeFileSync(join(data, file), content);
  let out = '';
  let err = '';
  const code = await runScript(golden.script.replaceAll(DATA_PLACEHOLDER, data), {
    allowedPaths: [data],
    catalogsDir: null,
    environment: {},
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, rows: changelogOf(out), out, err };
}

describe('golden SQL', () => {
  it('has one file per operator, each with a header', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) parseGolden(f, readFileSync(join(dir, f), 'utf8'));
  });

  for (const file of files) {
    it(file, async () => {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      const golden = parseGolden(file, text);
      const { code, rows, out, err } = await runGolden(file, golden);
      if (golden.expectError === undefined) {
        expect(err, `${file} (${golden.operator}) failed:\n${out}`).toBe('');
        expect(code).toBe(0);
      } else {
        expect(code).toBe(1);
        expect(err).toContain(golden.expectError);
      }
      if (update) {
        const block = rows.map((r) => `-- ${r}\n`).join('');
        writeFileSync(path, `${golden.script}${EXPECTED_MARKER}\n${block}`);
        return;
      }
      if (golden.order === 'ordered') expect(rows).toEqual(golden.expected);
      else expect([...rows].sort()).toEqual([...golden.expected].sort());
    });
  }
});
