/**
 * The formatter's contract over the whole accept corpus: parse → format (compact and pretty) → parse
 * again yields the same tree, spans and `quoted` flags aside.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DataType, Expr, QueryBody, Statement } from '../../src/sql/ast.ts';
import { astDifference } from '../../src/sql/ast-equal.ts';
import {
  type FormatOptions,
  formatDataType,
  formatExpr,
  formatStatement,
} from '../../src/sql/format/index.ts';
import { parseDataType, parseExpression, parseScript, parseStatement } from '../../src/sql/index.ts';
import { bin, call, col, id, item, node, num, query, select, str } from './format-nodes.ts';

const corpusDir = new URL('../../grammar/corpus/accept/', import.meta.url);
const corpusFiles = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.sql'))
  .sort();

/** Compact, pretty, and what SHOW CREATE TABLE prints (pretty with every identifier backticked). */
const layouts: ReadonlyArray<[string, FormatOptions]> = [
  ['compact', {}],
  ['pretty', { pretty: true }],
  ['pretty, all quoted', { pretty: true, quoteIdentifiers: 'always' }],
];

/** Why `stmt` does not survive formatting with `options`, or undefined when it does. */
function roundTripFailure(stmt: Statement, layout: string, options: FormatOptions): string | undefined {
  let text: string;
  try {
    text = formatStatement(stmt, options);
  } catch (error) {
    return `${layout}: formatter threw ${String(error)}`;
  }
  let reparsed: Statement;
  try {
    reparsed = parseStatement(text);
  } catch (error) {
    return `${layout}: output does not parse (${error instanceof Error ? error.message : String(error)})\n${text}`;
  }
  const difference = astDifference(stmt, reparsed);
  return difference === undefined ? undefined : `${layout}: trees differ at ${difference}\n${text}`;
}

describe('format round-trip over grammar/corpus/accept', () => {
  it('has corpus files to check', () => {
    expect(corpusFiles.length).toBeGreaterThan(0);
  });

  for (const file of corpusFiles) {
    it(file, () => {
      const { statements, errors } = parseScript(readFileSync(new URL(file, corpusDir), 'utf8'));
      // Statements the parser rejects are the parser's tests' business; count what it accepts.
      expect(statements.length).toBeGreaterThan(errors.length);
      const failures: string[] = [];
      statements.forEach((stmt, index) => {
        for (const [layout, options] of layouts) {
          const failure = roundTripFailure(stmt, layout, options);
          if (failure !== undefined) failures.push(`statement ${index + 1} (${stmt.kind}) ${failure}`);
        }
      });
      expect(failures).toEqual([]);
    });
  }
});

describe('hand-built trees survive the parser', () => {
  const [a, b, c] = [col('a'), col('b'), col('c')];
  const neg = (operand: Expr): Expr => node('UnaryExpr', { op: '-', operand });
  const notOf = (operand: Expr): Expr => node('UnaryExpr', { op: 'NOT', operand });
  const trees: Expr[] = [
    bin('*', bin('+', a, b), c),
    bin('+', a, bin('*', b, c)),
    bin('-', a, bin('-', b, c)),
    bin('-', bin('-', a, b), c),
    bin('/', a, bin('*', b, c)),
    bin('AND', bin('OR', a, b), c),
    bin('OR', a, bin('AND', b, c)),
    bin('OR', a, bin('OR', b, c)),
    bin('=', bin('=', a, b), c),
    bin('<', a, bin('<>', b, c)),
    bin('||', a, bin('+', b, c)),
    bin('+', bin('||', a, b), c),
    bin('||', a, bin('||', b, c)),
    neg(neg(a)),
    neg(num('1')),
    bin('-', a, neg(num('1'))),
    neg(bin('+', a, b)),
    notOf(bin('=', a, b)),
    notOf(notOf(a)),
    bin('=', notOf(a), b),
    bin('AND', notOf(a), b),
    node('IsExpr', { operand: bin('=', a, b), test: 'NULL', negated: true }),
    node('IsExpr', { operand: notOf(a), test: 'TRUE', negated: false }),
    node('BetweenExpr', {
      operand: a,
      low: bin('OR', b, c),
      high: bin('AND', b, c),
      negated: false,
      symmetric: false,
    }),
    node('LikeExpr', { operator: 'SIMILAR TO', operand: bin('||', a, b), pattern: c, negated: true }),
    node('InListExpr', { operand: bin('=', a, b), items: [bin('AND', b, c)], negated: false }),
    node('FieldAccess', { operand: col('r'), field: id('f') }),
    node('FieldAccess', { operand: node('ItemAccess', { operand: a, index: num('1') }), field: id('f') }),
    node('ItemAccess', { operand: bin('||', a, b), index: num('1') }),
    node('ItemAccess', { operand: node('ItemAccess', { operand: a, index: num('1') }), index: str('k') }),
    node('RowConstructor', { items: [a, bin('+', b, c)], explicit: false }),
    node('RowConstructor', { items: [a], explicit: true }),
    call('COUNT', [], { star: true, filter: bin('OR', a, b) }),
    call('select', [a]),
    node('IntervalLiteral', {
      negative: true,
      value: '1:30',
      qualifier: node('IntervalQualifier', { from: 'MINUTE', to: 'SECOND' }),
    }),
    str("it's `quoted`"),
    node('ColumnRef', { parts: [id('my table'), id('select'), id('a`b')] }),
  ];

  it.each(trees.map((tree) => [formatExpr(tree), tree] as const))('%s', (text, tree) => {
    expect(astDifference(tree, parseExpression(text))).toBeUndefined();
  });

  it('keeps set-operation grouping through the parser', () => {
    const s = (n: string) => select([item(num(n))]);
    const set = (op: 'UNION' | 'INTERSECT' | 'EXCEPT', left: QueryBody, right: QueryBody): QueryBody =>
      node('SetOperation', { op, all: false, left, right });
    const bodies: QueryBody[] = [
      set('UNION', s('1'), set('INTERSECT', s('2'), s('3'))),
      set('EXCEPT', set('UNION', s('1'), s('2')), s('3')),
      set('INTERSECT', set('INTERSECT', s('1'), s('2')), s('3')),
      set('UNION', s('1'), query(set('EXCEPT', s('2'), s('3')))),
      set('INTERSECT', query(set('UNION', s('1'), s('2'))), s('3')),
    ];
    for (const body of bodies) {
      const stmt: Statement = node('QueryStatement', { query: query(body) });
      for (const [layout, options] of layouts) {
        expect(roundTripFailure(stmt, layout, options)).toBeUndefined();
      }
    }
  });

  it('keeps data types through the parser', () => {
    const int = node('SimpleType', { name: 'INT', nullable: false });
    const types: DataType[] = [
      node('RowType', {
        nullable: true,
        syntax: 'angle',
        fields: [
          node('RowTypeField', { name: id('a'), type: int, comment: "it's" }),
          node('RowTypeField', {
            name: id('value'),
            type: node('ArrayType', { nullable: false, element: int }),
          }),
        ],
      }),
      node('RowType', {
        nullable: false,
        syntax: 'paren',
        fields: [node('RowTypeField', { name: id('b'), type: int })],
      }),
      node('IntervalType', {
        nullable: true,
        qualifier: node('IntervalQualifier', { from: 'SECOND', fromPrecision: 2, toPrecision: 6 }),
      }),
      node('IntervalType', {
        nullable: true,
        qualifier: node('IntervalQualifier', { from: 'DAY', fromPrecision: 3, to: 'SECOND', toPrecision: 6 }),
      }),
      node('TimestampType', { nullable: true, precision: 3, withLocalTimeZone: true }),
      node('MapType', {
        nullable: true,
        key: int,
        value: node('MultisetType', { nullable: true, element: int }),
      }),
      node('DecimalType', { nullable: true, precision: 10, scale: 2 }),
      node('RawType', { nullable: true, className: 'java.lang.Object', snapshot: 'AAE=' }),
    ];
    for (const type of types) {
      expect(astDifference(type, parseDataType(formatDataType(type)))).toBeUndefined();
    }
  });
});
