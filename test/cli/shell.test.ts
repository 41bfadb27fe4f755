import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanUpShells,
  count,
  key,
  line,
  PROMPT,
  screen,
  startShell as startIn,
  type,
  waitForScreen,
} from './tmux.ts';

/** The real shell in a pseudo-terminal (tmux), driven by keys and read back from the screen. */
const startShell = (): { name: string; history: string } => startIn(['--embedded']);

afterEach(cleanUpShells);

describe('tributary shell (embedded, in tmux)', () => {
  it('multi-line input, Tab completion, tableau output, history recall, caret errors and Ctrl-C', async () => {
    const { name, history } = startShell();
    await waitForScreen(name, (s) => s.includes(PROMPT), 'the prompt', 90_000);
    line(name, "SET 'sql-client.execution.result-mode' = 'tableau';");
    await waitForScreen(name, (s) => s.includes('Session property has been set.'), 'SET');

    line(name, 'CREATE TABLE orders_tab (id BIGINT, v INT) WITH (');
    await waitForScreen(name, (s) => s.includes('->'), 'the continuation prompt');
    line(name, "'connector' = 'datagen', 'number-of-rows' = '3', 'fields.id.kind' = 'sequence',");
    line(name, "'fields.id.start' = '1', 'fields.id.end' = '3');");
    await waitForScreen(name, (s) => s.includes('Execute statement succeeded.'), 'CREATE TABLE');

    type(name, 'SELECT id FROM orders_t');
    key(name, 'Tab');
    await waitForScreen(name, (s) => s.includes('SELECT id FROM orders_tab'), 'the completed table name');
    line(name, ';');
    let s = await waitForScreen(name, (x) => x.includes('Received a total of 3 rows'), 'tableau rows');
    expect(s).toMatch(/\| op \|\s+id \|/);
    expect(s).toMatch(/\| \+I \|\s+3 \|/);

    key(name, 'Up');
    await waitForScreen(
      name,
      (x) => x.trimEnd().endsWith(`${PROMPT} SELECT id FROM orders_tab;`),
      'history recall',
    );
    key(name, 'Enter');
    await waitForScreen(name, (x) => count(x, 'Received a total of 3 rows') === 2, 'the recalled query');
    expect(readFileSync(history, 'utf8')).toContain(
      "CREATE TABLE orders_tab (id BIGINT, v INT) WITH ( 'connector' = 'datagen'",
    );

    line(name, 'CLEAR;');
    line(name, 'SELECT id,');
    line(name, '  nope FROM orders_tab;');
    s = await waitForScreen(name, (x) => x.includes('[ERROR]'), 'the error');
    expect(s).toContain("VALIDATION at line 2, column 3: Column 'nope' not found");
    expect(s).toContain('  nope FROM orders_tab;\n  ^~~~');

    line(name, 'CLEAR;');
    line(
      name,
      "CREATE TABLE endless (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000000');",
    );
    await waitForScreen(name, (x) => x.includes('Execute statement succeeded.'), 'CREATE endless');
    line(name, 'SELECT id FROM endless;');
    await waitForScreen(name, (x) => /\| \+I \|\s+5 \|/.test(x), 'streaming rows');
    key(name, 'C-c');
    s = await waitForScreen(name, (x) => x.includes('[INFO] Query cancelled.'), 'the cancellation');
    await waitForScreen(name, (x) => x.trimEnd().endsWith(PROMPT), 'the prompt after Ctrl-C');
    // a cancelled stream prints no more rows
    const after = screen(name);
    await new Promise((r) => setTimeout(r, 1000));
    expect(screen(name)).toBe(after);
    expect(s).toContain('Received a total of');

    key(name, 'C-d');
    await waitForScreen(name, (x) => x.includes('Bye.'), 'exit on Ctrl-D');
  }, 240_000);

  it('table mode applies a changing aggregate in place', async () => {
    const { name } = startShell();
    await waitForScreen(name, (s) => s.includes(PROMPT), 'the prompt', 90_000);
    line(
      name,
      "CREATE TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5', 'number-of-rows' = '60', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '60');",
    );
    await waitForScreen(name, (s) => s.includes('Execute statement succeeded.'), 'CREATE');
    line(name, 'SELECT id % 2 AS k, COUNT(*) AS n FROM ticks GROUP BY id % 2;');
    const counts = (s: string): number[] =>
      [...s.matchAll(/^\s*([01])\s+(\d+)\s*$/gm)].map((m) => Number(m[2])).sort((a, b) => a - b);
    const first = await waitForScreen(
      name,
      (s) => s.includes('SQL Query Result (Table)') && counts(s).length === 2,
      'the table view',
    );
    const later = await waitForScreen(
      name,
      (s) => counts(s).length === 2 && counts(s)[1]! >= counts(first)[1]! + 5,
      'the aggregate to update in place',
    );
    // still one line per key: updates replace rows instead of adding them
    expect(counts(later)).toHaveLength(2);
    const done = await waitForScreen(name, (s) => s.includes('Status: Done'), 'the end', 60_000);
    expect(counts(done)).toEqual([30, 30]);
    type(name, 'c');
    await waitForScreen(
      name,
      (s) => s.includes('SQL Query Result (Changelog)') && /-U\s+[01]\s+\d+/.test(s),
      'the changelog view',
    );
    type(name, 'q');
    await waitForScreen(
      name,
      (s) => s.includes(PROMPT) && !s.includes('SQL Query Result'),
      'the prompt after q',
    );
  }, 240_000);
});
