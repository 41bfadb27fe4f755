import { describe, expect, it } from 'vitest';
import { isSqlError, SqlError } from '../../src/sql/errors.ts';

describe('SqlError', () => {
  it('carries the span as 1-based positions and serialises the wire fields', () => {
    const err = new SqlError({
      code: 'SYNTAX',
      message: "Unexpected keyword 'FORM'; expected FROM",
      span: { start: { offset: 9, line: 1, column: 10 }, end: { offset: 13, line: 1, column: 14 } },
      expected: ['FROM'],
      hint: 'did you mean FROM?',
    });
    expect(isSqlError(err)).toBe(true);
    expect(err).toBeInstanceOf(Error);
    expect([err.line, err.column, err.endLine, err.endColumn]).toEqual([1, 10, 1, 14]);
    expect(err.toJSON()).toEqual({
      code: 'SYNTAX',
      message: "Unexpected keyword 'FORM'; expected FROM",
      line: 1,
      column: 10,
      endLine: 1,
      endColumn: 14,
      expected: ['FROM'],
      hint: 'did you mean FROM?',
    });
  });

  it('omits the hint when there is none and defaults to the start of the input', () => {
    const err = new SqlError({ code: 'VALIDATION', message: "Object 'x' not found" });
    expect(err.toJSON()).not.toHaveProperty('hint');
    expect([err.line, err.column]).toEqual([1, 1]);
    expect(isSqlError(new Error('x'))).toBe(false);
  });
});
