/**
 * The grammar corpus through the binder: every accepted statement whose tables exist binds or fails
 * with a SqlError (never another exception); every reject file that parses fails binding with its
 * `-- error:` fragment at its `-- at:` position.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindStatement } from '../../src/planner/index.ts';
import { SqlError } from '../../src/sql/errors.ts';
import { parseScript } from '../../src/sql/index.ts';
import { Session } from './helpers.ts';

const CORPUS = join(import.meta.dirname, '../../grammar/corpus');
const files = (dir: string) =>
  readdirSync(join(CORPUS, dir))
    .filter((f) => f.endsWith('.sql'))
    .sort();

describe('accept corpus', () => {
  it('binds every statement or reports a SqlError', async () => {
    const session = new Session();
    const all = files('accept').map((f) => ({
      f,
      parsed: parseScript(readFileSync(join(CORPUS, 'accept', f), 'utf8')),
    }));
    // tables first, so queries in any file can find them
    for (const { parsed } of all) {
      for (const s of parsed.statements) {
        if (
          s.kind !== 'CreateTable' &&
          s.kind !== 'CreateView' &&
          s.kind !== 'CreateDatabase' &&
          s.kind !== 'CreateCatalog'
        )
          continue;
        try {
          await session.apply(bindStatement(s, { catalogs: session.catalogs, config: session.config }));
        } catch (e) {
          if (!(e instanceof SqlError) && !(e instanceof Error && e.name === 'CatalogError')) throw e;
        }
      }
    }
    let bound = 0;
    let missingTables = 0;
    const failures: string[] = [];
    for (const { f, parsed } of all) {
      for (const s of parsed.statements) {
        if (
          s.kind === 'CreateTable' ||
          s.kind === 'CreateView' ||
          s.kind === 'CreateDatabase' ||
          s.kind === 'CreateCatalog'
        )
          continue;
        try {
          bindStatement(s, { catalogs: session.catalogs, config: session.config });
          bound++;
        } catch (e) {
          if (!(e instanceof SqlError)) {
            throw new Error(`${f}:${s.span.start.line}: ${(e as Error).stack}`);
          }
          // the corpus also uses tables it never creates; those statements cannot bind here
          if (/^Object '.*' not found|^A catalog with name/.test(e.message)) missingTables++;
          else failures.push(`${f}:${s.span.start.line}: ${e.message.split('\n')[0]}`);
        }
      }
    }
    // a floor that catches regressions; the failures are printed for inspection
    if (process.env.SHOW_CORPUS_FAILURES)
      console.log(`bound ${bound}, missing tables ${missingTables}\n${failures.join('\n')}`);
    expect(bound).toBeGreaterThan(300);
    expect(failures.length).toBeLessThan(bound / 8);
    expect(missingTables).toBeLessThan(250);
  });
});

describe('reject corpus (validation errors)', () => {
  for (const f of files('reject')) {
    const text = readFileSync(join(CORPUS, 'reject', f), 'utf8');
    const error = /^-- error: (.*)$/m.exec(text)?.[1]?.trim();
    const at = /^-- at: (\d+):(\d+)$/m.exec(text);
    const hint = /^-- hint: (.*)$/m.exec(text)?.[1]?.trim();
    const parsed = parseScript(text);
    if (parsed.errors.length > 0 || !error || !at) continue;
    it(f, async () => {
      const session = new Session();
      let thrown: unknown;
      for (const s of parsed.statements) {
        try {
          const b = bindStatement(s, { catalogs: session.catalogs, config: session.config });
          await session.apply(b);
        } catch (e) {
          thrown = e;
          break;
        }
      }
      expect(thrown, 'expected an error').toBeInstanceOf(SqlError);
      const e = thrown as SqlError;
      expect(e.message).toContain(error);
      expect(`${e.line}:${e.column}`).toBe(`${at[1]}:${at[2]}`);
      if (hint) expect(e.hint).toBe(hint);
    });
  }
});
