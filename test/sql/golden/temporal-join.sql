-- operator: temporal join (event-time FOR SYSTEM_TIME AS OF against a versioned table with a primary key)
-- order: any
-- file: rates.json
--| {"currency": "EUR", "rate": 10, "ts": "2024-01-01 10:00:00"}
--| {"currency": "EUR", "rate": 12, "ts": "2024-01-01 10:00:10"}
--| {"currency": "GBP", "rate": 20, "ts": "2024-01-01 10:00:05"}
-- file: orders.json
--| {"id": 1, "currency": "EUR", "amount": 2, "ts": "2024-01-01 10:00:03"}
--| {"id": 2, "currency": "EUR", "amount": 3, "ts": "2024-01-01 10:00:11"}
--| {"id": 3, "currency": "GBP", "amount": 1, "ts": "2024-01-01 10:00:02"}
--| {"id": 4, "currency": "GBP", "amount": 5, "ts": "2024-01-01 10:00:07"}
CREATE TABLE rates (currency STRING, rate INT, ts TIMESTAMP(3), PRIMARY KEY (currency) NOT ENFORCED,
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/rates.json', 'format' = 'json');
CREATE TABLE orders (id INT, currency STRING, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/orders.json', 'format' = 'json');
SELECT o.id, o.amount * r.rate AS converted, r.ts AS rate_since
FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;
-- expected:
-- +I[1, 20, 2024-01-01 10:00:00.000]
-- +I[4, 100, 2024-01-01 10:00:05.000]
-- +I[2, 36, 2024-01-01 10:00:10.000]
