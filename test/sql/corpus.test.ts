import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../src/sql/index.ts';

const ACCEPT = new URL('../../grammar/corpus/accept/', import.meta.url);
const REJECT = new URL('../../grammar/corpus/reject/', import.meta.url);

function sqlFiles(dir: URL): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

/** Reject files whose error the parser owns; the rest are the binder's and must parse cleanly. */
const SYNTAX_FRAGMENTS = [
  /^Unexpected/,
  /^Unterminated/,
  /even number of hex/,
  /Unicode escape/,
  /NOT ENFORCED/,
];

function header(text: string, name: string): string | undefined {
  const m = new RegExp(`^-- ${name}: (.*)$`, 'm').exec(text);
  return m?.[1]?.trim();
}

describe('accept corpus', () => {
  for (const file of sqlFiles(ACCEPT)) {
    it(`parses every statement of ${file}`, () => {
      const source = readFileSync(new URL(file, ACCEPT), 'utf8');
      const { statements, errors } = parseScript(source);
      const described = errors.map((e) => `${e.line}:${e.column} ${e.message}`);
      expect(described).toEqual([]);
      expect(statements.length).toBeGreaterThan(0);
    });
  }
});

describe('reject corpus', () => {
  for (const file of sqlFiles(REJECT)) {
    const source = readFileSync(new URL(file, REJECT), 'utf8');
    const error = header(source, 'error') ?? '';
    const syntactic = SYNTAX_FRAGMENTS.some((re) => re.test(error));
    if (syntactic) {
      it(`reports ${file} as a syntax error`, () => {
        const { errors } = parseScript(source);
        const first = errors[0];
        expect(first, 'expected a syntax error').toBeDefined();
        expect(first!.code).toBe('SYNTAX');
        expect(first!.message).toContain(error);
        expect(`${first!.line}:${first!.column}`).toBe(header(source, 'at'));
        const hint = header(source, 'hint');
        if (hint !== undefined) expect(first!.hint ?? '').toContain(hint);
      });
    } else {
      // Semantic errors are the binder's: the parser must accept the text, or (for a few it can
      // already tell, such as an unknown type name with arguments) report exactly the expected error.
      it(`parses ${file} or reports its error exactly`, () => {
        const { errors } = parseScript(source);
        const first = errors[0];
        if (first === undefined) return;
        expect(first.message).toContain(error);
        expect(`${first.line}:${first.column}`).toBe(header(source, 'at'));
      });
    }
  }
});
