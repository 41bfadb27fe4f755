-- A filesystem pipeline: orders read from a CSV file, filtered and enriched, written as JSON lines to
-- sql-examples/data/out/big-orders.json (replaced on every run), then read back and shown.
CREATE TABLE orders_csv (
  order_id INT,
  customer STRING,
  amount DECIMAL(10, 2),
  order_date DATE
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/orders.csv',
  'format' = 'csv'
);

CREATE TABLE big_orders_json (
  order_id INT,
  customer STRING,
  amount DECIMAL(10, 2),
  amount_with_tax DECIMAL(12, 2),
  order_date DATE
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/out/big-orders.json',
  'format' = 'json'
);

INSERT INTO big_orders_json
SELECT order_id, UPPER(customer), amount, CAST(amount * 1.2 AS DECIMAL(12, 2)), order_date
FROM orders_csv
WHERE amount >= 50;

SELECT * FROM big_orders_json;
