import { describe, expect, it } from 'vitest';
import {
  type Expr,
  parseDataType,
  parseExpression,
  parseScript,
  parseStatement,
  parseTableElement,
  renderError,
  SqlError,
  splitStatements,
  transform,
  walk,
} from '../../src/sql/index.ts';

function syntaxError(sql: string): SqlError {
  try {
    parseStatement(sql);
  } catch (err) {
    if (err instanceof SqlError) return err;
    throw err;
  }
  throw new Error(`expected a syntax error for ${sql}`);
}

describe('lexer', () => {
  it('unescapes strings and quoted identifiers', () => {
    const e = parseExpression("'it''s'");
    expect(e).toMatchObject({ kind: 'StringLiteral', value: "it's" });
    expect(parseExpression('`a``b`')).toMatchObject({
      kind: 'ColumnRef',
      parts: [{ value: 'a`b', quoted: true }],
    });
    expect(parseExpression("U&'\\0041'")).toMatchObject({ kind: 'StringLiteral', value: 'A' });
    expect(parseExpression("X'0aff'")).toMatchObject({ kind: 'BinaryLiteral', hex: '0AFF' });
  });
  it('reports lexical errors with positions', () => {
    expect(syntaxError("SELECT 'abc")).toMatchObject({
      message: 'Unterminated string literal',
      line: 1,
      column: 8,
    });
    expect(syntaxError('SELECT 1 # 2')).toMatchObject({ message: "Unexpected character '#'", column: 10 });
    expect(syntaxError('SELECT `x')).toMatchObject({ message: 'Unterminated quoted identifier' });
    expect(syntaxError('SELECT 1 /* x')).toMatchObject({ message: 'Unterminated comment' });
  });
});

describe('expressions', () => {
  it('follows Calcite precedence', () => {
    const e = parseExpression('a OR b AND NOT c = 1 + 2 * 3');
    expect(e).toMatchObject({ kind: 'BinaryExpr', op: 'OR', right: { op: 'AND', right: { op: 'NOT' } } });
    const sum = parseExpression('1 + 2 * 3');
    expect(sum).toMatchObject({ op: '+', right: { op: '*' } });
  });
  it('normalises plural interval units and reads special functions', () => {
    expect(parseExpression("INTERVAL '10' SECONDS")).toMatchObject({ qualifier: { from: 'SECOND' } });
    expect(parseExpression('FLOOR(ts TO HOUR)')).toMatchObject({ kind: 'FloorCeilExpr', unit: 'HOUR' });
    expect(parseExpression('TIMESTAMPADD(DAY, 1, ts)')).toMatchObject({
      args: [{ kind: 'TimeUnitArg', unit: 'DAY' }, {}, {}],
    });
    expect(parseExpression('COUNT(DISTINCT a) FILTER (WHERE b > 1)')).toMatchObject({
      distinct: true,
      filter: {},
    });
    expect(parseExpression('CURRENT_TIMESTAMP')).toMatchObject({ kind: 'FunctionCall', noParens: true });
    expect(parseExpression('a != b')).toMatchObject({ op: '<>' });
  });
});

describe('types and table elements', () => {
  it('canonicalises type spellings', () => {
    expect(parseDataType('INTEGER NOT NULL')).toMatchObject({
      kind: 'SimpleType',
      name: 'INT',
      nullable: false,
    });
    expect(parseDataType('DOUBLE PRECISION')).toMatchObject({ name: 'DOUBLE' });
    expect(parseDataType('NUMERIC(10, 2)')).toMatchObject({ kind: 'DecimalType', precision: 10, scale: 2 });
    expect(parseDataType('MAP<STRING, ARRAY<INT NOT NULL>> NOT NULL')).toMatchObject({
      kind: 'MapType',
      nullable: false,
      value: { kind: 'ArrayType', element: { nullable: false } },
    });
  });
  it('parses column definitions', () => {
    expect(parseTableElement('a INT NOT NULL')).toMatchObject({ kind: 'PhysicalColumn' });
    expect(parseTableElement("WATERMARK FOR ts AS ts - INTERVAL '1' SECOND")).toMatchObject({
      kind: 'WatermarkDef',
    });
    expect(parseTableElement('PRIMARY KEY (a) NOT ENFORCED')).toMatchObject({ kind: 'PrimaryKeyDef' });
  });
});

describe('statements', () => {
  it('gives INTERSECT precedence over UNION', () => {
    const s = parseStatement('SELECT 1 UNION SELECT 2 INTERSECT SELECT 3');
    expect(s).toMatchObject({ query: { body: { op: 'UNION', right: { op: 'INTERSECT' } } } });
  });
  it('parses statement sets and recovers from bad statements in a script', () => {
    const script =
      'SELEC 1; EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END; SELECT FROM; SHOW TABLES';
    const { statements, errors } = parseScript(script);
    expect(statements.map((s) => s.kind)).toEqual(['StatementSet', 'Show']);
    expect(errors).toHaveLength(2);
    expect(splitStatements(script)).toHaveLength(4);
  });
});

describe('errors', () => {
  it('names what was expected and suggests keywords', () => {
    const err = syntaxError('SELECT a FORM t');
    expect(err.hint).toContain('did you mean FROM?');
    const reserved = syntaxError('SELECT * FROM from');
    expect(reserved.hint).toBe('`from` is a reserved keyword; quote it with backticks');
    const pk = syntaxError('CREATE TABLE t (a INT, PRIMARY KEY (a))');
    expect(pk.message).toContain('NOT ENFORCED');
  });
  it('reports an LL(k) failure at the token no alternative continues with, never expecting it', () => {
    // LATERAL starts three alternatives (TABLE(...), (subquery), f(...)); UNNEST continues none
    const err = syntaxError('SELECT id, tag FROM t LEFT JOIN LATERAL UNNEST(t.tags) AS u(tag) ON TRUE');
    expect(err.message).toBe("Unexpected keyword 'UNNEST'; expected TABLE, a function name, '('");
    expect([err.line, err.column]).toEqual([1, 41]);
    expect(err.hint).toContain('drop LATERAL: CROSS JOIN UNNEST(t.arr)');
    const twice = syntaxError('SELECT * FROM t JOIN LATERAL LATERAL (SELECT 1) ON TRUE');
    expect(twice.column).toBe(30);
    expect(twice.expected).not.toContain('LATERAL');
    // the forms Flink accepts still parse
    for (const ok of [
      'SELECT id, tag FROM t LEFT JOIN UNNEST(t.tags) AS u(tag) ON TRUE',
      'SELECT id, tag FROM t CROSS JOIN UNNEST(t.tags) AS u(tag)',
      'SELECT * FROM t LEFT JOIN LATERAL (SELECT 1 AS x) AS s ON TRUE',
      'SELECT * FROM a JOIN LATERAL SNAPSHOT(input => TABLE b) AS s ON a.k = s.k',
    ])
      expect(parseStatement(ok).kind).toBe('QueryStatement');
  });
  it('renders the offending line with a caret', () => {
    const source = 'SELECT a\nFROM t\nWHERE a = = 1';
    const err = syntaxError(source);
    expect(renderError(err, source)).toBe(
      `ERROR at line 3, column 11: ${err.message}\nWHERE a = = 1\n          ^`,
    );
    // The message already lists the expected tokens, so the renderer does not repeat them.
    expect(err.message).toContain(`; expected ${err.expected[0]}`);
  });
});

describe('visitor', () => {
  it('walks every node and rebuilds only changed subtrees', () => {
    const stmt = parseStatement('SELECT a + 1, b FROM t WHERE c > 2');
    const kinds: string[] = [];
    walk(stmt, (n) => {
      kinds.push(n.kind);
    });
    expect(kinds.filter((k) => k === 'ColumnRef')).toHaveLength(3);
    const bumped = transform(stmt, (n) =>
      n.kind === 'NumericLiteral' ? ({ ...n, text: String(Number(n.text) * 10) } satisfies Expr) : undefined,
    );
    expect(JSON.stringify(bumped)).toContain('"text":"20"');
    expect(bumped).not.toBe(stmt);
    if (bumped.kind !== 'QueryStatement' || stmt.kind !== 'QueryStatement')
      throw new Error('unexpected kind');
    expect(bumped.query.body.kind === 'SelectQuery' && stmt.query.body.kind === 'SelectQuery').toBe(true);
  });
});
