-- operator: event-time temporal join against a versioned view derived by deduplication (keep last row)
-- order: any
-- `rates` is append-only; the view keeps the last rate per currency on the rowtime (ROW_NUMBER over
-- ts DESC = 1), which Flink accepts as a versioned table: primary key = currency, versions by ts.
-- A LEFT temporal join: each order takes the rate version valid AS OF its own time, once the watermark
-- passes it; order 3 (GBP at 10:00:02, before the first GBP version) and order 5 (no CHF rate) keep
-- nulls. Versions: EUR 10 from 10:00:00, 12 from 10:00:10; GBP 20 from 10:00:05.
-- file: rates.json
--| {"currency": "EUR", "rate": 10, "ts": "2024-01-01 10:00:00"}
--| {"currency": "GBP", "rate": 20, "ts": "2024-01-01 10:00:05"}
--| {"currency": "EUR", "rate": 12, "ts": "2024-01-01 10:00:10"}
-- file: orders.json
--| {"id": 1, "currency": "EUR", "amount": 2, "ts": "2024-01-01 10:00:03"}
--| {"id": 2, "currency": "EUR", "amount": 3, "ts": "2024-01-01 10:00:11"}
--| {"id": 3, "currency": "GBP", "amount": 1, "ts": "2024-01-01 10:00:02"}
--| {"id": 4, "currency": "GBP", "amount": 5, "ts": "2024-01-01 10:00:07"}
--| {"id": 5, "currency": "CHF", "amount": 7, "ts": "2024-01-01 10:00:08"}
CREATE TABLE rates (currency STRING, rate INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/rates.json', 'format' = 'json');
CREATE TABLE orders (id INT, currency STRING, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/orders.json', 'format' = 'json');
CREATE VIEW versioned_rates AS
SELECT currency, rate, ts FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ts DESC) AS rn FROM rates)
WHERE rn = 1;
SELECT o.id, o.currency, o.amount * r.rate AS converted, r.ts AS rate_since
FROM orders AS o LEFT JOIN versioned_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;
-- expected:
-- +I[1, EUR, 20, 2024-01-01 10:00:00.000]
-- +I[2, EUR, 36, 2024-01-01 10:00:10.000]
-- +I[3, GBP, null, null]
-- +I[4, GBP, 100, 2024-01-01 10:00:05.000]
-- +I[5, CHF, null, null]
