import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScript } from '../../src/cli/commands/check.ts';

const ordersDdl = `CREATE TABLE orders (
  id BIGINT,
  amount DECIMAL(10, 2),
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');
`;

describe('tributary check', () => {
  it('binds later statements against tables created earlier in the script', async () => {
    const result = await checkScript(
      `${ordersDdl}SELECT window_start, COUNT(*) AS cnt
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;`,
    );
    expect(result.errors).toEqual([]);
    expect(result.statements).toBe(2);
  });

  it('reports every syntax and validation error of a script, in source order', async () => {
    const result = await checkScript(
      `${ordersDdl}SELECT id, amout FROM orders;\nSELEC 1;\nSELECT * FROM orderz;\n`,
    );
    expect(result.errors.map((e) => [e.code, e.line, e.column, e.message, e.hint])).toEqual([
      ['VALIDATION', 7, 12, "Column 'amout' not found in any table", 'did you mean amount?'],
      ['SYNTAX', 8, 1, expect.stringContaining("Unexpected identifier 'SELEC'"), 'did you mean SELECT?'],
      ['VALIDATION', 9, 15, "Object 'orderz' not found", 'did you mean orders?'],
    ]);
  });

  it('turns catalog failures into positioned errors', async () => {
    const result = await checkScript(`${ordersDdl}${ordersDdl}`);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.line).toBe(7);
    expect(result.errors[0]?.message).toMatch(/already exists/);
  });

  it('prints caret renderings and exits 1 on errors, 0 on a clean script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-check-'));
    const bad = join(dir, 'bad.sql');
    const good = join(dir, 'good.sql');
    writeFileSync(bad, `${ordersDdl}SELECT amout FROM orders;\n`);
    writeFileSync(good, `${ordersDdl}SELECT id, amount * 2 AS doubled FROM orders WHERE amount > 10;\n`);
    const run = (file: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', '-f', file], {
        encoding: 'utf8',
      });
    const failed = run(bad);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain(`${bad}:7:8`);
    expect(failed.stdout).toContain('SELECT amout FROM orders;\n       ^~~~~');
    expect(failed.stdout).toContain('1 error');
    const passed = run(good);
    expect(passed.stderr).toBe('');
    expect(passed.status).toBe(0);
    expect(passed.stdout).toContain(`${good}: 2 statements, OK`);
  });
});
