-- An event-time temporal join: orders are converted to USD with the currency rate that was valid at the
-- order's own time (FOR SYSTEM_TIME AS OF o.order_time), not the latest one. `currency_rates` is a
-- versioned table: it has a primary key (the currency) and a watermark on its time column, so every row
-- is a new version of its currency's rate. An order waits until the watermarks of both sides pass its
-- time, then joins the version in force: orders 1 and 4 see EUR at 1.08 and 1.10; order 5 at 11:00
-- sees GBP's 11:00 version (1.25); order 3 comes before any JPY rate and order 7 has no rate at all,
-- so the LEFT join keeps them with NULLs. Rates older than the watermark are dropped from state, except
-- the latest one per currency.
CREATE TABLE currency_rates (
  currency STRING,
  rate_to_usd DECIMAL(10, 4),
  update_time TIMESTAMP(3),
  PRIMARY KEY (currency) NOT ENFORCED,
  WATERMARK FOR update_time AS update_time - INTERVAL '1' MINUTE
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/currency-rates.json',
  'format' = 'json'
);

CREATE TABLE orders (
  order_id INT,
  currency STRING,
  amount DECIMAL(10, 2),
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '1' MINUTE
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/currency-orders.json',
  'format' = 'json'
);

SELECT
  o.order_id,
  o.order_time,
  o.currency,
  o.amount,
  r.rate_to_usd,
  r.update_time AS rate_time,
  CAST(o.amount * r.rate_to_usd AS DECIMAL(12, 2)) AS amount_usd
FROM orders AS o
LEFT JOIN currency_rates FOR SYSTEM_TIME AS OF o.order_time AS r
  ON o.currency = r.currency;
