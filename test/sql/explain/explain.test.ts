/**
 * EXPLAIN snapshots: each `*.sql` file here holds a header comment, DDL and one EXPLAIN statement;
 * its `*.expected.txt` beside it holds the expected output (or `ERROR <code>: <message>` when
 * planning fails). `UPDATE_SNAPSHOTS=1 npx vitest run test/sql/explain` rewrites the expected files.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogManager } from '../../../src/catalog/catalog-manager.ts';
import { ValuesTestConnector } from '../../../src/conformance/values-connector.ts';
import { bindStatement } from '../../../src/planner/index.ts';
import { FactoryConnectorRegistry } from '../../../src/planner/physical/connectors.ts';
import { explainStatement } from '../../../src/planner/physical/planner.ts';
import { isSqlError } from '../../../src/sql/errors.ts';
import { parseScript } from '../../../src/sql/index.ts';

const DIR = import.meta.dirname;
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

async function explainScript(sql: string): Promise<string> {
  const { statements, errors } = parseScript(sql);
  if (errors.length > 0) throw errors[0];
  const catalogs = new CatalogManager();
  const config = new Map<string, string>();
  const connectors = new FactoryConnectorRegistry().register('values', new ValuesTestConnector());
  const outputs: string[] = [];
  for (const stmt of statements) {
    try {
      const bound = bindStatement(stmt, { catalogs, config });
      if (bound.kind === 'CatalogAction') await catalogs.apply(bound.action);
      else if (bound.kind === 'Set' && bound.key !== undefined) config.set(bound.key, bound.value ?? '');
      else if (bound.kind === 'Explain') outputs.push(explainStatement(bound, { connectors, config }));
    } catch (e) {
      if (!isSqlError(e)) throw e;
      outputs.push(`ERROR ${e.code}: ${e.message}`);
    }
  }
  return `${outputs.join('\n').trimEnd()}\n`;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.sql'))
  .sort();

describe('EXPLAIN snapshots', () => {
  it('has at least 20 snapshot queries', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    it(file, async () => {
      const actual = await explainScript(readFileSync(join(DIR, file), 'utf8'));
      const expectedPath = join(DIR, file.replace(/\.sql$/, '.expected.txt'));
      if (UPDATE || !existsSync(expectedPath)) {
        if (!UPDATE) throw new Error(`No snapshot ${expectedPath}; run with UPDATE_SNAPSHOTS=1 to create it`);
        writeFileSync(expectedPath, actual);
        return;
      }
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
