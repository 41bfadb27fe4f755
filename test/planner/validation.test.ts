/** Validation errors: Calcite's and Flink's wording, the offending node's position, and hints. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ordersSession, type Session } from './helpers.ts';

let s: Session;
beforeAll(async () => {
  s = await ordersSession();
});

const err = (sql: string) => {
  const e = s.error(sql);
  expect(e.code).toBe('VALIDATION');
  return {
    message: e.message,
    at: `${e.line}:${e.column}`,
    end: `${e.endLine}:${e.endColumn}`,
    hint: e.hint,
  };
};

describe('names', () => {
  it('unknown table with a hint', () => {
    expect(err('SELECT * FROM orderz')).toEqual({
      message: "Object 'orderz' not found",
      at: '1:15',
      end: '1:21',
      hint: 'did you mean orders?',
    });
    expect(err('SELECT * FROM default_database.ordrs').message).toBe(
      "Object 'ordrs' not found within 'default_database'",
    );
    expect(err('SELECT * FROM nodb.orders').message).toBe("Object 'nodb' not found");
  });

  it('unknown, qualified and ambiguous columns', () => {
    expect(err('SELECT amout FROM orders')).toMatchObject({
      message: "Column 'amout' not found in any table",
      at: '1:8',
      hint: 'did you mean amount?',
    });
    expect(err('SELECT o.amout FROM orders o')).toMatchObject({
      message: "Column 'amout' not found in table 'o'",
      at: '1:10',
      hint: 'did you mean amount?',
    });
    expect(err('SELECT x.amount FROM orders o').message).toBe("Table 'x' not found");
    expect(err('SELECT id FROM customers c JOIN customers d ON c.id = d.id')).toMatchObject({
      message: "Column 'id' is ambiguous",
      at: '1:8',
    });
  });

  it('unknown function and wrong arity', () => {
    expect(err('SELECT foo(1) FROM orders').message).toBe(
      'No match found for function signature foo(<NUMERIC>)',
    );
    expect(err('SELECT UPER(product) FROM orders')).toMatchObject({
      message: 'No match found for function signature UPER(<CHARACTER>)',
      hint: 'did you mean UPPER?',
    });
    expect(err('SELECT ROUND(amount, 1, 2) FROM orders').message).toMatch(
      /^Invalid number of arguments to function 'ROUND'. Was expecting/,
    );
  });
});

describe('grouping and aggregates', () => {
  it('ungrouped columns', () => {
    expect(err('SELECT product, amount FROM orders GROUP BY product')).toMatchObject({
      message: "Expression 'amount' is not being grouped",
      at: '1:17',
    });
    expect(err('SELECT product FROM orders GROUP BY product HAVING amount > 1').message).toBe(
      "Expression 'amount' is not being grouped",
    );
    expect(err('SELECT product, COUNT(*) FROM orders').message).toBe(
      "Expression 'product' is not being grouped",
    );
  });

  it('aggregates where they are illegal', () => {
    expect(err('SELECT order_id FROM orders WHERE SUM(amount) > 1')).toMatchObject({
      message: 'Aggregate expression is illegal in WHERE clause',
      at: '1:35',
    });
    expect(err('SELECT COUNT(*) FROM orders GROUP BY SUM(amount)').message).toBe(
      'Aggregate expression is illegal in GROUP BY clause',
    );
    expect(err('SELECT SUM(MAX(amount)) FROM orders').message).toBe('Aggregate expressions cannot be nested');
    expect(err('SELECT SUM(product) FROM orders').message).toMatch(
      /^Cannot apply 'SUM' to arguments of type 'SUM\(<VARCHAR/,
    );
  });

  it('window auxiliary functions need their group window', () => {
    expect(
      err("SELECT TUMBLE_START(order_time, INTERVAL '1' HOUR) FROM orders GROUP BY product").message,
    ).toBe(
      "Call to auxiliary group function 'TUMBLE_START' must have matching call to group function 'TUMBLE' in GROUP BY clause",
    );
    expect(err("SELECT COUNT(*) FROM plain GROUP BY TUMBLE(ts, INTERVAL '1' HOUR)").message).toBe(
      'Window aggregate can only be defined over a time attribute column, but TIMESTAMP(3) encountered.',
    );
  });
});

describe('types', () => {
  it('operators with incompatible operands', () => {
    const e = err("SELECT order_id + 'x' FROM orders");
    expect(e.message).toMatch(
      /^Cannot apply '\+' to arguments of type '<BIGINT> \+ <CHAR\(1\)>'\. Supported form\(s\): /,
    );
    expect(e.at).toBe('1:8');
    expect(err('SELECT * FROM orders WHERE amount > order_time').message).toMatch(/^Cannot apply '>'/);
  });

  it('conditions must be boolean', () => {
    expect(err('SELECT * FROM orders WHERE amount').message).toBe('WHERE clause must be a condition');
    expect(err('SELECT product FROM orders GROUP BY product HAVING COUNT(*)').message).toBe(
      'HAVING clause must be a condition',
    );
  });

  it('unsupported casts', () => {
    expect(err('SELECT CAST(order_time AS BOOLEAN) FROM orders')).toMatchObject({
      message: 'Cast function cannot convert value of type TIMESTAMP(3) to type BOOLEAN',
      at: '1:8',
    });
  });

  it('set operations need matching columns', () => {
    expect(err('SELECT a, b FROM plain UNION ALL SELECT a FROM plain').message).toBe(
      'Column count mismatch in UNION ALL',
    );
    expect(err('SELECT a FROM plain UNION SELECT tags FROM plain').message).toMatch(
      /^Type mismatch in column 1 of UNION/,
    );
  });
});

describe('INSERT', () => {
  it('column count and types against the sink', async () => {
    await s.run(
      "CREATE TABLE IF NOT EXISTS sink1 (id BIGINT, amount DECIMAL(10, 2)) WITH ('connector' = 'blackhole')",
    );
    expect(err('INSERT INTO sink1 SELECT order_id, amount, product FROM orders')).toMatchObject({
      message: 'Number of columns must match number of query columns',
      at: '1:13',
    });
    expect(err('INSERT INTO sink1 SELECT order_id, order_time FROM orders').message).toBe(
      "Column types of query result and sink for 'default_catalog.default_database.sink1' do not match.\n" +
        "Cause: Incompatible types for sink column 'amount' at position 1.\n\n" +
        'Query schema: [order_id: BIGINT, order_time: TIMESTAMP(3)]\n' +
        'Sink schema:  [id: BIGINT, amount: DECIMAL(10, 2)]',
    );
    expect(err('INSERT INTO sink1 (id, amt) SELECT order_id, amount FROM orders')).toMatchObject({
      message: "Unknown target column 'amt'",
      hint: 'did you mean amount?',
    });
    expect(err('INSERT INTO sink1 (id) SELECT order_id, amount FROM orders').message).toBe(
      'Number of INSERT target columns (1) does not equal number of source items (2)',
    );
  });
});

describe('window table functions', () => {
  it('the time column must be a time attribute', () => {
    const e = err("SELECT * FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(ts), INTERVAL '1' MINUTE))");
    expect(e.message).toBe(
      'The window function TUMBLE(TABLE table_name, DESCRIPTOR(timecol), datetime interval[, datetime interval]) requires the timecol is a time attribute type, but is TIMESTAMP(3).',
    );
    expect(e.at).toBe('1:52');
    expect(
      err("SELECT * FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(b), INTERVAL '1' MINUTE))").message,
    ).toMatch(
      /requires the timecol to be TIMESTAMP or TIMESTAMP_LTZ, but is VARCHAR\(2147483647\)\.\nBesides, the timecol must be a time attribute type in streaming mode\.$/,
    );
  });

  it('batch mode accepts plain timestamps', async () => {
    s.config.set('execution.runtime-mode', 'batch');
    try {
      expect(
        s.bind("SELECT * FROM TABLE(TUMBLE(TABLE plain, DESCRIPTOR(ts), INTERVAL '1' MINUTE))").kind,
      ).toBe('Query');
    } finally {
      s.config.delete('execution.runtime-mode');
    }
  });

  it('intervals must be positive; HOP needs no multiple, CUMULATE does', () => {
    expect(
      err("SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '0' MINUTE))").message,
    ).toBe('Tumbling Window parameters must satisfy size > 0, but got size 0ms.');
    expect(
      s.bind(
        "SELECT * FROM TABLE(HOP(TABLE orders, DESCRIPTOR(order_time), INTERVAL '4' MINUTE, INTERVAL '10' MINUTE))",
      ).kind,
    ).toBe('Query');
    expect(
      err(
        "SELECT * FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(order_time), INTERVAL '4' MINUTE, INTERVAL '10' MINUTE))",
      ).message,
    ).toBe(
      'Cumulative Window requires maxSize must be an integral multiple of step, but got maxSize 600000ms and step 240000ms.',
    );
  });

  it('only SESSION takes PARTITION BY; unknown descriptor columns get a hint', () => {
    expect(
      s.bind(
        "SELECT * FROM TABLE(SESSION(TABLE orders PARTITION BY product, DESCRIPTOR(order_time), INTERVAL '5' MINUTE))",
      ).kind,
    ).toBe('Query');
    expect(
      err(
        "SELECT * FROM TABLE(TUMBLE(TABLE orders PARTITION BY product, DESCRIPTOR(order_time), INTERVAL '5' MINUTE))",
      ).message,
    ).toMatch(/^Only the SESSION window table function supports PARTITION BY/);
    expect(
      err("SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(order_tim), INTERVAL '5' MINUTE))"),
    ).toMatchObject({
      message: "Column 'order_tim' not found in any table",
      hint: 'did you mean order_time?',
    });
  });
});

describe('OVER and MATCH_RECOGNIZE', () => {
  it('streaming OVER aggregates order by a time attribute; ranking needs ORDER BY', () => {
    expect(err('SELECT SUM(amount) OVER (PARTITION BY product ORDER BY amount) FROM orders').message).toBe(
      "OVER windows' ordering in stream mode must be defined on a time attribute.",
    );
    expect(err('SELECT ROW_NUMBER() OVER (PARTITION BY product) FROM orders').message).toBe(
      'Over Agg: The window rank function without order by. please re-check the over window statement.',
    );
  });

  it('MATCH_RECOGNIZE orders by a time attribute first', () => {
    const sql = `SELECT * FROM plain MATCH_RECOGNIZE (ORDER BY a MEASURES A.a AS x PATTERN (A) DEFINE A AS A.a > 0)`;
    expect(err(sql).message).toBe(
      'You must specify either rowtime or proctime for order by as the first one.',
    );
  });
});

describe('subqueries', () => {
  it('scalar subqueries return one column; correlation outside WHERE is rejected', () => {
    expect(err('SELECT (SELECT a, b FROM plain) FROM orders').message).toMatch(/SINGLE FIELD/);
    expect(
      err('SELECT (SELECT p.b FROM plain p GROUP BY p.b HAVING p.b = o.product) FROM orders o').message,
    ).toMatch(/^Correlated reference to 'o.product'/);
  });
});
