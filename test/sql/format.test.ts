import { describe, expect, it } from 'vitest';
import type { CreateTable, DataType, Expr, QueryBody, Statement } from '../../src/sql/ast.ts';
import { astDifference, astEqual, normalizeAst } from '../../src/sql/ast-equal.ts';
import {
  formatDataType,
  formatExpr,
  formatIdentifier,
  formatQuery,
  formatStatement,
} from '../../src/sql/format/index.ts';
import {
  bin,
  call,
  col,
  id,
  item,
  name,
  node,
  num,
  query,
  select,
  simpleType,
  span,
  str,
  table,
} from './format-nodes.ts';

describe('identifiers', () => {
  it('prints plain names bare and quotes reserved or unusual ones', () => {
    expect(formatIdentifier(id('order_id'))).toBe('order_id');
    expect(formatIdentifier(id('_x9'))).toBe('_x9');
    expect(formatIdentifier(id('order_id', true))).toBe('order_id');
    expect(formatIdentifier(id('select'))).toBe('`select`');
    expect(formatIdentifier(id('User'))).toBe('`User`');
    expect(formatIdentifier(id('TIMESTAMP'))).toBe('`TIMESTAMP`');
    expect(formatIdentifier(id('1st'))).toBe('`1st`');
    expect(formatIdentifier(id('my col'))).toBe('`my col`');
    expect(formatIdentifier(id('a`b'))).toBe('`a``b`');
    expect(formatIdentifier(id(''))).toBe('``');
  });

  it('quotes every identifier when asked to, as SHOW CREATE TABLE does', () => {
    expect(formatIdentifier(id('amount'), { quoteIdentifiers: 'always' })).toBe('`amount`');
  });

  it('joins qualified column names with dots, quoting each part on its own', () => {
    expect(formatExpr(col('o', 'value'))).toBe('o.`value`');
  });
});

describe('literals', () => {
  it('doubles quotes inside strings and keeps numbers as written', () => {
    expect(formatExpr(str("it's"))).toBe("'it''s'");
    expect(formatExpr(str('line\nbreak'))).toBe("'line\nbreak'");
    expect(formatExpr(num('1.50'))).toBe('1.50');
    expect(formatExpr(node('NumericLiteral', { text: '1e3', approximate: true }))).toBe('1e3');
    expect(formatExpr(node('BinaryLiteral', { hex: '0AFF' }))).toBe("X'0AFF'");
    expect(formatExpr(node('BooleanLiteral', { value: false }))).toBe('FALSE');
    expect(formatExpr(node('NullLiteral', {}))).toBe('NULL');
    expect(formatExpr(node('Parameter', { index: 0 }))).toBe('?');
  });

  it('prints date-time and interval literals with their keyword', () => {
    const ts = node('DateTimeLiteral', { type: 'TIMESTAMP', value: '2020-01-01 10:00:00.123' });
    expect(formatExpr(ts)).toBe("TIMESTAMP '2020-01-01 10:00:00.123'");
    const ltz = node('DateTimeLiteral', { type: 'TIMESTAMP_LTZ', value: '2020-01-01 10:00:00' });
    expect(formatExpr(ltz)).toBe("TIMESTAMP_LTZ '2020-01-01 10:00:00'");
    const qualifier = node('IntervalQualifier', { from: 'MINUTE', to: 'SECOND' });
    const interval = node('IntervalLiteral', { negative: false, value: '1:30', qualifier });
    expect(formatExpr(interval)).toBe("INTERVAL '1:30' MINUTE TO SECOND");
    const days = node('IntervalQualifier', { from: 'DAY', fromPrecision: 3 });
    expect(formatExpr(node('IntervalLiteral', { negative: true, value: '2', qualifier: days }))).toBe(
      "INTERVAL -'2' DAY(3)",
    );
  });
});

describe('data types', () => {
  const t = (type: DataType) => formatDataType(type);
  it('prints the canonical spelling', () => {
    expect(t(simpleType('INT'))).toBe('INT');
    expect(t(simpleType('STRING', false))).toBe('STRING NOT NULL');
    expect(t(simpleType('BYTES'))).toBe('BYTES');
    expect(t(node('DecimalType', { nullable: true, precision: 10, scale: 2 }))).toBe('DECIMAL(10, 2)');
    expect(t(node('DecimalType', { nullable: true }))).toBe('DECIMAL');
    expect(t(node('SizedType', { nullable: false, name: 'VARCHAR', length: 32 }))).toBe(
      'VARCHAR(32) NOT NULL',
    );
    expect(t(node('TimestampType', { nullable: true, precision: 3, withLocalTimeZone: false }))).toBe(
      'TIMESTAMP(3)',
    );
    expect(t(node('TimestampType', { nullable: true, precision: 3, withLocalTimeZone: true }))).toBe(
      'TIMESTAMP_LTZ(3)',
    );
    expect(t(node('TimestampType', { nullable: true, withLocalTimeZone: false }))).toBe('TIMESTAMP');
    const qualifier = node('IntervalQualifier', {
      from: 'DAY',
      fromPrecision: 3,
      to: 'SECOND',
      toPrecision: 6,
    });
    expect(t(node('IntervalType', { nullable: true, qualifier }))).toBe('INTERVAL DAY(3) TO SECOND(6)');
  });

  it('prints collection and row types with their brackets', () => {
    expect(t(node('ArrayType', { nullable: true, element: simpleType('INT', false) }))).toBe(
      'ARRAY<INT NOT NULL>',
    );
    expect(
      t(node('MapType', { nullable: true, key: simpleType('STRING'), value: simpleType('BIGINT') })),
    ).toBe('MAP<STRING, BIGINT>');
    const fields = [
      node('RowTypeField', { name: id('a'), type: simpleType('INT') }),
      node('RowTypeField', { name: id('b'), type: simpleType('STRING'), comment: "it's" }),
    ];
    expect(t(node('RowType', { nullable: true, fields, syntax: 'angle' }))).toBe(
      "ROW<a INT, b STRING 'it''s'>",
    );
    expect(t(node('RowType', { nullable: false, fields: fields.slice(0, 1), syntax: 'paren' }))).toBe(
      'ROW(a INT) NOT NULL',
    );
  });
});

describe('expression precedence', () => {
  const [a, b, c] = [col('a'), col('b'), col('c')];
  const f = (e: Expr) => formatExpr(e);

  it('parenthesises only where the tree needs it', () => {
    expect(f(bin('*', bin('+', a, b), c))).toBe('(a + b) * c');
    expect(f(bin('+', a, bin('*', b, c)))).toBe('a + b * c');
    expect(f(bin('-', bin('-', a, b), c))).toBe('a - b - c');
    expect(f(bin('-', a, bin('-', b, c)))).toBe('a - (b - c)');
    expect(f(bin('AND', bin('OR', a, b), c))).toBe('(a OR b) AND c');
    expect(f(bin('OR', a, bin('AND', b, c)))).toBe('a OR b AND c');
    expect(f(bin('=', bin('+', a, num('1')), b))).toBe('a + 1 = b');
    expect(f(bin('=', bin('=', a, b), c))).toBe('(a = b) = c');
  });

  it('keeps || and arithmetic apart and prefix operators readable', () => {
    expect(f(bin('||', a, bin('+', b, c)))).toBe('a || (b + c)');
    expect(f(bin('+', bin('||', a, b), c))).toBe('(a || b) + c');
    expect(f(node('UnaryExpr', { op: '-', operand: node('UnaryExpr', { op: '-', operand: a }) }))).toBe(
      '-(-a)',
    );
    expect(f(bin('-', a, node('UnaryExpr', { op: '-', operand: num('1') })))).toBe('a - -1');
    expect(f(node('UnaryExpr', { op: 'NOT', operand: bin('=', a, b) }))).toBe('NOT (a = b)');
    expect(f(bin('AND', node('UnaryExpr', { op: 'NOT', operand: a }), b))).toBe('NOT a AND b');
  });

  it('prints predicates with their NOT and wraps looser operands', () => {
    const between = node('BetweenExpr', {
      operand: a,
      low: num('1'),
      high: bin('AND', b, c),
      negated: true,
      symmetric: true,
    });
    expect(f(between)).toBe('a NOT BETWEEN SYMMETRIC 1 AND (b AND c)');
    expect(f(node('IsExpr', { operand: bin('=', a, b), test: 'NULL', negated: true }))).toBe(
      '(a = b) IS NOT NULL',
    );
    const like = node('LikeExpr', {
      operator: 'LIKE',
      operand: a,
      pattern: str('x%'),
      escape: str('!'),
      negated: false,
    });
    expect(f(like)).toBe("a LIKE 'x%' ESCAPE '!'");
    expect(f(node('InListExpr', { operand: a, items: [num('1'), num('2')], negated: true }))).toBe(
      'a NOT IN (1, 2)',
    );
    expect(f(node('IsDistinctFromExpr', { left: a, right: b, negated: false }))).toBe('a IS DISTINCT FROM b');
  });

  it('parenthesises the operand of a field access so it is not read as a longer name', () => {
    expect(f(node('FieldAccess', { operand: col('r'), field: id('f') }))).toBe('(r).f');
    expect(f(node('ItemAccess', { operand: col('arr'), index: num('1') }))).toBe('arr[1]');
    expect(f(node('ItemAccess', { operand: bin('||', a, b), index: num('1') }))).toBe('(a || b)[1]');
  });

  it('distinguishes ROW(...) from (...)', () => {
    expect(f(node('RowConstructor', { items: [a, b], explicit: true }))).toBe('ROW(a, b)');
    expect(f(node('RowConstructor', { items: [a, b], explicit: false }))).toBe('(a, b)');
    expect(f(node('MapConstructor', { items: [str('k'), num('1')] }))).toBe("MAP['k', 1]");
  });
});

describe('function calls', () => {
  const f = (e: Expr) => formatExpr(e);
  it('prints star, DISTINCT, FILTER, OVER and niladic calls', () => {
    expect(f(call('COUNT', [], { star: true }))).toBe('COUNT(*)');
    expect(f(call('count', [col('x')], { distinct: true, filter: bin('>', col('x'), num('0')) }))).toBe(
      'count(DISTINCT x) FILTER (WHERE x > 0)',
    );
    expect(f(call('CURRENT_TIMESTAMP', [], { noParens: true }))).toBe('CURRENT_TIMESTAMP');
    const frame = node('WindowFrame', {
      unit: 'ROWS',
      start: node('FrameBound', { bound: 'PRECEDING', offset: num('2') }),
      end: node('FrameBound', { bound: 'CURRENT ROW' }),
    });
    const over = node('WindowSpec', {
      partitionBy: [col('k')],
      orderBy: [node('OrderItem', { expr: col('ts'), direction: 'DESC', nulls: 'LAST' })],
      frame,
    });
    expect(f(call('SUM', [col('v')], { over }))).toBe(
      'SUM(v) OVER (PARTITION BY k ORDER BY ts DESC NULLS LAST ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)',
    );
    expect(f(call('LAG', [col('v')], { nullTreatment: 'IGNORE NULLS', over: id('w') }))).toBe(
      'LAG(v) IGNORE NULLS OVER w',
    );
  });

  it('keeps built-in reserved names bare and quotes other reserved names', () => {
    expect(f(call('LEFT', [col('s'), num('2')]))).toBe('LEFT(s, 2)');
    expect(f(call('select', [col('s')]))).toBe('`select`(s)');
  });

  it('prints the special-syntax built-ins', () => {
    expect(f(node('CastExpr', { operand: col('x'), type: simpleType('INT'), safe: true }))).toBe(
      'TRY_CAST(x AS INT)',
    );
    expect(f(node('ExtractExpr', { unit: 'DAY', operand: col('ts') }))).toBe('EXTRACT(DAY FROM ts)');
    expect(f(node('FloorCeilExpr', { fn: 'CEIL', operand: col('ts'), unit: 'HOUR' }))).toBe(
      'CEIL(ts TO HOUR)',
    );
    expect(f(node('TrimExpr', { side: 'BOTH', operand: col('s') }))).toBe('TRIM(s)');
    expect(f(node('TrimExpr', { side: 'LEADING', characters: str('x'), operand: col('s') }))).toBe(
      "TRIM(LEADING 'x' FROM s)",
    );
    expect(f(node('SubstringExpr', { operand: col('s'), from: num('2'), for: num('3') }))).toBe(
      'SUBSTRING(s FROM 2 FOR 3)',
    );
    const json = node('JsonValueExpr', {
      operand: col('j'),
      path: str('$.a'),
      returning: simpleType('INT'),
      onEmpty: node('JsonBehavior', { behavior: 'DEFAULT', default: num('0') }),
      onError: node('JsonBehavior', { behavior: 'NULL' }),
    });
    expect(f(json)).toBe("JSON_VALUE(j, '$.a' RETURNING INT DEFAULT 0 ON EMPTY NULL ON ERROR)");
    const obj = node('JsonObjectExpr', {
      aggregate: false,
      entries: [node('JsonKeyValue', { key: str('k'), value: col('v') })],
      onNull: 'ABSENT',
    });
    expect(f(obj)).toBe("JSON_OBJECT(KEY 'k' VALUE v ABSENT ON NULL)");
    expect(f({ ...obj, onNull: 'NULL' })).toBe("JSON_OBJECT(KEY 'k' VALUE v)");
    const arr = node('JsonArrayExpr', { aggregate: true, items: [col('v')], orderBy: [], onNull: 'NULL' });
    expect(f(arr)).toBe('JSON_ARRAYAGG(v NULL ON NULL)');
    expect(f({ ...arr, aggregate: false, items: [], onNull: 'ABSENT' })).toBe('JSON_ARRAY()');
    const tvfArg = node('NamedArgument', { name: id('OFFSET'), value: num('1') });
    expect(f(call('TUMBLE', [tvfArg]))).toBe('TUMBLE(OFFSET => 1)');
    const caseExpr = node('CaseExpr', {
      // biome-ignore lint/suspicious/noThenProperty: the AST names the THEN branch `then`.
      whens: [node('WhenClause', { when: bin('>', col('a'), num('0')), then: str('pos') })],
      else: str('neg'),
    });
    expect(f(caseExpr)).toBe("CASE WHEN a > 0 THEN 'pos' ELSE 'neg' END");
  });
});

describe('queries', () => {
  const s1 = select([item(num('1'))]);
  const s2 = select([item(num('2'))]);
  const s3 = select([item(num('3'))]);
  const set = (
    op: 'UNION' | 'INTERSECT' | 'EXCEPT',
    left: QueryBody,
    right: QueryBody,
    all = false,
  ): QueryBody => node('SetOperation', { op, all, left, right });

  it('orders set operations by precedence and keeps nested queries in parentheses', () => {
    expect(formatQuery(query(set('UNION', s1, set('INTERSECT', s2, s3), true)))).toBe(
      'SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3',
    );
    expect(formatQuery(query(set('UNION', set('UNION', s1, s2), s3)))).toBe(
      'SELECT 1 UNION SELECT 2 UNION SELECT 3',
    );
    expect(formatQuery(query(set('INTERSECT', s1, set('UNION', s2, s3))))).toBe(
      'SELECT 1 INTERSECT (SELECT 2 UNION SELECT 3)',
    );
    const nested = query(s2, { orderBy: [node('OrderItem', { expr: num('1') })], limit: num('1') });
    expect(formatQuery(query(set('EXCEPT', s1, nested)))).toBe(
      'SELECT 1 EXCEPT (SELECT 2 ORDER BY 1 LIMIT 1)',
    );
  });

  it('prints LIMIT/OFFSET or OFFSET/FETCH as written', () => {
    expect(formatQuery(query(s1, { limit: num('10'), offset: num('5') }))).toBe('SELECT 1 LIMIT 10 OFFSET 5');
    expect(formatQuery(query(s1, { limit: num('10'), offset: num('5'), fetchSyntax: true }))).toBe(
      'SELECT 1 OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY',
    );
  });

  it('prints joins left-associatively with their spelling', () => {
    const left = node('JoinRef', {
      joinType: 'LEFT',
      natural: false,
      comma: false,
      outer: true,
      left: table('a'),
      right: table('b'),
      condition: node('JoinOn', { condition: bin('=', col('a', 'id'), col('b', 'id')) }),
    });
    const comma = node('JoinRef', {
      joinType: 'CROSS',
      natural: false,
      comma: true,
      outer: false,
      left,
      right: table('c'),
    });
    expect(formatQuery(query(select([node('SelectStar', { qualifier: [] })], comma)))).toBe(
      'SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id, c',
    );
    const rightNested = node('JoinRef', { ...comma, comma: false, left: table('c'), right: left });
    expect(formatQuery(query(select([item(col('x'))], rightNested)))).toBe(
      'SELECT x FROM c CROSS JOIN (a LEFT OUTER JOIN b ON a.id = b.id)',
    );
  });

  it('lays out pretty queries one clause per line with indented items', () => {
    const body = select([item(col('k')), item(call('COUNT', [], { star: true }), 'n')], table('t'), {
      where: bin('>', col('v'), num('0')),
      groupBy: [col('k')],
    });
    const inner = query(select([item(col('x'))], table('u')));
    const withSubquery = select([item(col('k'))], table('t'), {
      where: node('InSubqueryExpr', { operand: col('k'), query: inner, negated: false }),
    });
    expect(formatQuery(query(body), { pretty: true })).toBe(
      ['SELECT', '  k,', '  COUNT(*) AS n', 'FROM t', 'WHERE v > 0', 'GROUP BY k'].join('\n'),
    );
    expect(formatQuery(query(withSubquery), { pretty: true })).toBe(
      ['SELECT k', 'FROM t', 'WHERE k IN (', '  SELECT x', '  FROM u', ')'].join('\n'),
    );
  });
});

describe('statements', () => {
  const kafkaOrders: CreateTable = node('CreateTable', {
    name: name('cat', 'db', 'orders'),
    temporary: false,
    orReplace: false,
    ifNotExists: false,
    columns: [
      node('PhysicalColumn', { name: id('user'), type: simpleType('BIGINT', false), primaryKey: false }),
      node('PhysicalColumn', {
        name: id('ts'),
        type: node('TimestampType', { nullable: true, precision: 3, withLocalTimeZone: false }),
        primaryKey: false,
        comment: 'event time',
      }),
      node('ComputedColumn', { name: id('ptime'), expr: call('PROCTIME', []) }),
    ],
    watermarks: [
      node('WatermarkDef', {
        column: id('ts'),
        expr: bin(
          '-',
          col('ts'),
          node('IntervalLiteral', {
            negative: false,
            value: '1',
            qualifier: node('IntervalQualifier', { from: 'SECOND' }),
          }),
        ),
      }),
    ],
    primaryKey: node('PrimaryKeyDef', { constraintName: id('pk'), columns: [id('user')] }),
    partitionedBy: [],
    options: [
      node('Property', { key: 'connector', value: 'kafka' }),
      node('Property', { key: 'topic', value: "it's" }),
    ],
  });

  it('prints CREATE TABLE on one line in compact mode', () => {
    expect(formatStatement(kafkaOrders)).toBe(
      "CREATE TABLE cat.db.orders (`user` BIGINT NOT NULL, ts TIMESTAMP(3) COMMENT 'event time', " +
        "ptime AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND, " +
        "CONSTRAINT pk PRIMARY KEY (`user`) NOT ENFORCED) WITH ('connector' = 'kafka', 'topic' = 'it''s')",
    );
  });

  it('prints CREATE TABLE like Flink SHOW CREATE TABLE in pretty mode', () => {
    expect(formatStatement(kafkaOrders, { pretty: true, quoteIdentifiers: 'always' })).toBe(
      [
        'CREATE TABLE `cat`.`db`.`orders` (',
        '  `user` BIGINT NOT NULL,',
        "  `ts` TIMESTAMP(3) COMMENT 'event time',",
        '  `ptime` AS PROCTIME(),',
        "  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND,",
        '  CONSTRAINT `pk` PRIMARY KEY (`user`) NOT ENFORCED',
        ') WITH (',
        "  'connector' = 'kafka',",
        "  'topic' = 'it''s'",
        ')',
      ].join('\n'),
    );
    const partitioned = { ...kafkaOrders, comment: 'orders', partitionedBy: [id('ts')], watermarks: [] };
    expect(formatStatement(partitioned, { pretty: true }).split('\n').slice(5)).toEqual([
      ") COMMENT 'orders'",
      'PARTITIONED BY (ts)',
      'WITH (',
      "  'connector' = 'kafka',",
      "  'topic' = 'it''s'",
      ')',
    ]);
  });

  it('prints DML and utility statements', () => {
    const insert: Statement = node('Insert', {
      target: name('sink'),
      hints: [],
      overwrite: false,
      partition: [],
      columns: [id('a')],
      query: query(select([item(col('a'))], table('src'))),
    });
    expect(formatStatement(insert)).toBe('INSERT INTO sink (a) SELECT a FROM src');
    const set: Statement = node('StatementSet', { syntax: 'EXECUTE', statements: [insert as never] });
    expect(formatStatement(set)).toBe(
      'EXECUTE STATEMENT SET BEGIN INSERT INTO sink (a) SELECT a FROM src; END',
    );
    const show: Statement = node('Show', {
      what: 'TABLES',
      from: name('db'),
      like: node('LikePattern', { pattern: 'o%', negated: true, caseInsensitive: true }),
    });
    expect(formatStatement(show)).toBe("SHOW TABLES FROM db NOT ILIKE 'o%'");
    const drop: Statement = node('DropObject', {
      objectType: 'FUNCTION',
      name: name('f'),
      temporary: true,
      system: true,
      ifExists: true,
    });
    expect(formatStatement(drop)).toBe('DROP TEMPORARY SYSTEM FUNCTION IF EXISTS f');
  });
});

describe('astEqual', () => {
  it('ignores spans and quoted flags but nothing else', () => {
    const a = bin('+', col('x'), num('1'));
    const moved = { ...a, span: { start: { offset: 5, line: 2, column: 1 }, end: span.end } };
    const quoted = bin('+', node('ColumnRef', { parts: [id('x', true)] }), num('1'));
    expect(astEqual(a, moved)).toBe(true);
    expect(astEqual(a, quoted)).toBe(true);
    expect(astEqual(a, bin('-', col('x'), num('1')))).toBe(false);
    expect(astDifference(a, bin('+', col('y'), num('1')))).toBe('left.parts[0].value: "x" vs "y"');
    expect(normalizeAst({ kind: 'X', span, alias: undefined, items: [] })).toEqual({ kind: 'X', items: [] });
  });
});
