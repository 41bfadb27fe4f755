/** Logical plan shapes of representative queries (explainLogical snapshots, reviewed by hand). */
import { beforeAll, describe, expect, it } from 'vitest';
import { findNodes } from '../../src/planner/index.ts';
import { ordersSession, type Session } from './helpers.ts';

let s: Session;
beforeAll(async () => {
  s = await ordersSession();
});

const SHAPES: Record<string, string> = {
  'scan with computed column and watermark':
    'SELECT order_id, amount * 2 AS doubled FROM orders WHERE amount > 10',
  'distinct aggregate with FILTER':
    'SELECT product, COUNT(DISTINCT customer_id) FILTER (WHERE amount > 10) AS big FROM orders GROUP BY product',
  'HOP window aggregate':
    "SELECT window_start, window_end, product, SUM(amount) AS total FROM TABLE(HOP(TABLE orders, DESCRIPTOR(order_time), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE)) GROUP BY window_start, window_end, product",
  'legacy group window':
    "SELECT TUMBLE_START(order_time, INTERVAL '1' HOUR) AS ws, COUNT(*) FROM orders GROUP BY TUMBLE(order_time, INTERVAL '1' HOUR), product",
  ROLLUP:
    'SELECT product, currency, SUM(amount), GROUPING(product) FROM orders GROUP BY ROLLUP (product, currency)',
  'lookup join':
    'SELECT o.order_id, c.name FROM orders o LEFT JOIN customers FOR SYSTEM_TIME AS OF o.proc AS c ON o.customer_id = c.id',
  UNNEST: 'SELECT a, t.tag FROM plain CROSS JOIN UNNEST(tags) AS t (tag)',
  'UNION (distinct)': 'SELECT product FROM orders UNION SELECT b FROM plain',
  'Top-N':
    'SELECT * FROM (SELECT order_id, product, ROW_NUMBER() OVER (PARTITION BY product ORDER BY amount DESC) AS rn FROM orders) WHERE rn <= 3',
  'IN subquery → semi join':
    "SELECT order_id FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE city = 'Paris')",
  'correlated NOT EXISTS → anti join':
    'SELECT name FROM customers c WHERE NOT EXISTS (SELECT * FROM orders o WHERE o.customer_id = c.id AND o.amount > 1000)',
  'correlated scalar aggregate → grouped LEFT join':
    'SELECT order_id, (SELECT COUNT(*) FROM customers c WHERE c.id = o.customer_id) AS n FROM orders o',
  MATCH_RECOGNIZE:
    'SELECT * FROM orders MATCH_RECOGNIZE (PARTITION BY product ORDER BY order_time MEASURES FIRST(A.amount) AS first_amount, LAST(B.amount) AS last_amount PATTERN (A B+) DEFINE B AS B.amount > PREV(B.amount)) AS m',
  'ORDER BY a column not selected, LIMIT':
    'WITH c AS (SELECT product, amount FROM orders) SELECT product FROM c ORDER BY amount DESC LIMIT 3',
};

describe('logical plans', () => {
  for (const [name, sql] of Object.entries(SHAPES)) {
    it(name, () => {
      expect(s.explain(sql)).toMatchSnapshot();
    });
  }

  it('INSERT with a column list fills the rest with NULL and casts implicitly', async () => {
    await s.run(
      "CREATE TABLE IF NOT EXISTS wide_sink (id BIGINT, note STRING, total DECIMAL(20, 2)) WITH ('connector' = 'blackhole')",
    );
    const plan = s.plan('INSERT INTO wide_sink (total, id) SELECT amount, customer_id FROM orders');
    expect(
      s.explain('INSERT INTO wide_sink (total, id) SELECT amount, customer_id FROM orders'),
    ).toMatchSnapshot();
    expect(plan.kind).toBe('Sink');
    expect(plan.schema.map((f) => f.name)).toEqual(['id', 'note', 'total']);
  });

  it('a correlated LATERAL subquery becomes a join on its correlation columns', () => {
    const plan = s.plan(
      'SELECT c.id, x.n FROM customers c, LATERAL (SELECT COUNT(*) AS n FROM orders o WHERE o.customer_id = c.id) x',
    );
    const joins = findNodes(plan, 'Join');
    expect(joins).toHaveLength(1);
    expect(joins[0]!.joinType).toBe('INNER');
    // customers has 3 fields; the subquery yields n, then its correlation key
    expect(joins[0]!.condition).toMatchObject({
      kind: 'call',
      name: '=',
      args: [{ index: 0 }, { index: 4 }],
    });
    expect(findNodes(plan, 'Aggregate')[0]!.groupKeys).toEqual([1]);
    expect(plan.schema.map((f) => f.name)).toEqual(['id', 'n']);
  });

  it('views expand into their query', async () => {
    await s.run(
      'CREATE VIEW IF NOT EXISTS big_orders (id, amt) AS SELECT order_id, amount FROM orders WHERE amount > 100',
    );
    const plan = s.plan('SELECT id FROM big_orders WHERE amt < 1000');
    expect(findNodes(plan, 'Filter')).toHaveLength(2);
    expect(findNodes(plan, 'Scan')[0]!.path.name).toBe('orders');
    expect(plan.schema.map((f) => f.name)).toEqual(['id']);
  });
});
