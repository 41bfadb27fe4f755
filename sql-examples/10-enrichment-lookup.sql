-- A lookup join: orders streamed from a CSV file are enriched, as they arrive, with customer details
-- kept in a SQLite database (sql-examples/data/out/customers.db). The script writes that dimension
-- table itself first, through the jdbc connector's upsert sink (which creates the database and the
-- table); each order then looks its customer up at processing time, through a PARTIAL cache.
CREATE TABLE customers (
  name STRING,
  tier STRING,
  city STRING,
  PRIMARY KEY (name) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:sqlite:sql-examples/data/out/customers.db',
  'table-name' = 'customers',
  'lookup.cache' = 'PARTIAL',
  'lookup.partial-cache.max-rows' = '1000',
  'lookup.partial-cache.expire-after-write' = '10 min'
);

-- an upsert by primary key: running the script again leaves the same four customers
INSERT INTO customers VALUES
  ('alice', 'gold', 'Lisbon'),
  ('bob', 'silver', 'Porto'),
  ('carol', 'gold', 'Braga'),
  ('erin', 'bronze', 'Faro');

CREATE TABLE orders (
  order_id INT,
  customer STRING,
  amount DECIMAL(10, 2),
  order_date DATE,
  proc_time AS PROCTIME()
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/orders.csv',
  'format' = 'csv'
);

-- dave has no customer row: the LEFT JOIN keeps his order with NULL details
SELECT
  o.order_id,
  o.customer,
  c.tier,
  c.city,
  o.amount,
  CAST(o.amount * CASE c.tier WHEN 'gold' THEN 0.9 ELSE 1 END AS DECIMAL(10, 2)) AS to_pay
FROM orders AS o
LEFT JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c
  ON o.customer = c.name;
