/** Type inference and time attributes through binding. */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatType } from '../../src/expr/types.ts';
import { findNodes } from '../../src/planner/index.ts';
import { ordersSession, type Session } from './helpers.ts';

let s: Session;
beforeAll(async () => {
  s = await ordersSession();
});

/** `name TYPE` of every output column. */
const schema = (sql: string): string[] => s.plan(sql).schema.map((f) => `${f.name} ${formatType(f.type)}`);

describe('literals and arithmetic', () => {
  it('types literals as Calcite does', () => {
    expect(
      schema(
        "SELECT 1, 12345678901, 1.50, 1e3, 'ab', TRUE, NULL, DATE '2024-01-02', TIMESTAMP '2024-01-02 10:00:00.123', INTERVAL '2' HOUR",
      ),
    ).toEqual([
      'EXPR$0 INT NOT NULL',
      'EXPR$1 BIGINT NOT NULL',
      'EXPR$2 DECIMAL(3, 2) NOT NULL',
      'EXPR$3 DOUBLE NOT NULL',
      'EXPR$4 CHAR(2) NOT NULL',
      'EXPR$5 BOOLEAN NOT NULL',
      'EXPR$6 NULL',
      'EXPR$7 DATE NOT NULL',
      'EXPR$8 TIMESTAMP(3) NOT NULL',
      'EXPR$9 INTERVAL HOUR NOT NULL',
    ]);
  });

  it('literal values use the runtime representation', () => {
    const plan = s.plan("SELECT 12345678901, 1.50, DATE '1970-01-02', INTERVAL '1:30' MINUTE TO SECOND");
    const project = findNodes(plan, 'Project')[0]!;
    const values = project.exprs.map((e) => (e.kind === 'literal' ? e.value : undefined));
    expect(values).toEqual([12345678901n, 150n, 1, 90_000]);
  });

  it('widens numerics and keeps nullability', () => {
    expect(
      schema('SELECT a + 1, a + order_id, c + a, amount + a, amount * amount, a / 2 FROM plain, orders'),
    ).toEqual([
      'EXPR$0 INT',
      'EXPR$1 BIGINT',
      'EXPR$2 DOUBLE',
      'EXPR$3 DECIMAL(13, 2)',
      'EXPR$4 DECIMAL(21, 4)',
      'EXPR$5 INT',
    ]);
    expect(schema('SELECT 1 + 2, CAST(a AS BIGINT) FROM plain')).toEqual([
      'EXPR$0 INT NOT NULL',
      'EXPR$1 BIGINT',
    ]);
  });

  it('merges CASE branches and set operation columns (leastRestrictive)', () => {
    expect(
      schema(
        "SELECT CASE WHEN a > 0 THEN a ELSE order_id END, CASE WHEN a > 0 THEN 'x' END FROM plain, orders",
      ),
    ).toEqual(['EXPR$0 BIGINT', 'EXPR$1 CHAR(1)']);
    expect(schema('SELECT a FROM plain UNION ALL SELECT order_id FROM orders')).toEqual(['a BIGINT']);
    expect(schema("SELECT * FROM (VALUES (1, 'a'), (NULL, 'bcd')) AS t (x, y)")).toEqual([
      'x INT',
      'y VARCHAR(3) NOT NULL',
    ]);
  });

  it('aggregate result types follow Flink', () => {
    expect(
      schema('SELECT COUNT(*), SUM(a), SUM(amount), AVG(amount), MIN(b), MAX(ts) FROM plain, orders'),
    ).toEqual([
      'EXPR$0 BIGINT NOT NULL',
      'EXPR$1 INT',
      'EXPR$2 DECIMAL(38, 2)',
      'EXPR$3 DECIMAL(38, 6)',
      'EXPR$4 STRING',
      'EXPR$5 TIMESTAMP(3)',
    ]);
  });

  it('nested fields and array items', () => {
    expect(schema('SELECT r.x, plain.r.y, tags[1] FROM plain')).toEqual([
      'x INT',
      'y STRING',
      'EXPR$2 STRING',
    ]);
  });
});

describe('INSERT implicit casts', () => {
  it('allows widening and rejects narrowing', async () => {
    await s.run("CREATE TABLE IF NOT EXISTS narrow (x INT, y BIGINT) WITH ('connector' = 'blackhole')");
    expect(s.bind('INSERT INTO narrow SELECT a, a FROM plain').kind).toBe('Insert');
    expect(s.error('INSERT INTO narrow SELECT order_id, order_id FROM orders').message).toContain(
      "Incompatible types for sink column 'x' at position 0.",
    );
  });
});

describe('time attributes', () => {
  it('a rowtime and a proctime column are time attributes in scans and projections', () => {
    expect(schema('SELECT order_time, proc, order_time AS t2 FROM orders')).toEqual([
      'order_time TIMESTAMP(3) *ROWTIME*',
      'proc TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*',
      't2 TIMESTAMP(3) *ROWTIME*',
    ]);
  });

  it('expressions over time attributes are regular timestamps', () => {
    expect(
      schema("SELECT order_time + INTERVAL '1' SECOND, CAST(order_time AS TIMESTAMP(3)) FROM orders"),
    ).toEqual(['EXPR$0 TIMESTAMP(3)', 'EXPR$1 TIMESTAMP(3)']);
  });

  it('non-window aggregation materialises time attributes', () => {
    expect(schema('SELECT order_time, MAX(proc) FROM orders GROUP BY order_time')).toEqual([
      'order_time TIMESTAMP(3)',
      'EXPR$1 TIMESTAMP_LTZ(3)',
    ]);
  });

  it('window TVFs add window_start, window_end and a rowtime window_time', () => {
    expect(
      schema(
        "SELECT window_start, window_end, window_time, order_time FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE))",
      ),
    ).toEqual([
      'window_start TIMESTAMP(3) NOT NULL',
      'window_end TIMESTAMP(3) NOT NULL',
      'window_time TIMESTAMP(3) NOT NULL *ROWTIME*',
      'order_time TIMESTAMP(3) *ROWTIME*',
    ]);
    expect(
      schema("SELECT window_time FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(proc), INTERVAL '1' MINUTE))"),
    ).toEqual(['window_time TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*']);
  });

  it('a window aggregate keeps window_time as a rowtime attribute', () => {
    expect(
      schema(
        "SELECT window_start, window_end, window_time, COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, window_time",
      ),
    ).toEqual([
      'window_start TIMESTAMP(3) NOT NULL',
      'window_end TIMESTAMP(3) NOT NULL',
      'window_time TIMESTAMP(3) NOT NULL *ROWTIME*',
      'EXPR$3 BIGINT NOT NULL',
    ]);
  });

  it('legacy group windows expose start, end and rowtime properties', () => {
    expect(
      schema(
        "SELECT TUMBLE_START(order_time, INTERVAL '1' HOUR), TUMBLE_END(order_time, INTERVAL '1' HOUR), TUMBLE_ROWTIME(order_time, INTERVAL '1' HOUR) FROM orders GROUP BY TUMBLE(order_time, INTERVAL '1' HOUR)",
      ),
    ).toEqual([
      'EXPR$0 TIMESTAMP(3) NOT NULL',
      'EXPR$1 TIMESTAMP(3) NOT NULL',
      'EXPR$2 TIMESTAMP(3) NOT NULL *ROWTIME*',
    ]);
    const agg = findNodes(
      s.plan(
        "SELECT HOP_PROCTIME(proc, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE) FROM orders GROUP BY HOP(proc, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)",
      ),
      'Aggregate',
    )[0]!;
    expect(agg.window?.spec).toEqual({ kind: 'HOP', slide: 60_000, size: 300_000 });
    expect(agg.windowProperties).toEqual(['proctime']);
  });

  it('CURRENT_WATERMARK takes a rowtime attribute', () => {
    expect(schema('SELECT CURRENT_WATERMARK(order_time) FROM orders')).toEqual(['EXPR$0 TIMESTAMP(3)']);
    expect(s.error('SELECT CURRENT_WATERMARK(ts) FROM plain').message).toBe(
      'The argument of CURRENT_WATERMARK must be a rowtime attribute, but is TIMESTAMP(3)',
    );
  });
});
