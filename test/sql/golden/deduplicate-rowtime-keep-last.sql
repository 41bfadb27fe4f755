-- operator: deduplication keeping the last row per key on the rowtime (ROW_NUMBER over ts DESC = 1)
-- order: ordered
-- Rows are deduplicated as they arrive (Flink's RowTimeDeduplicateFunction): a row with a later or
-- equal rowtime replaces the kept one (-U old, +U new); an earlier one is ignored. ann@01 arrives after
-- ann@03 and is ignored; ann@05 replaces ann@03; bob@02 (a tie with the kept bob@02) replaces it.
-- file: clicks.json
--| {"user_name": "ann", "page": "home", "ts": "2024-01-01 10:00:03"}
--| {"user_name": "bob", "page": "cart", "ts": "2024-01-01 10:00:02"}
--| {"user_name": "ann", "page": "cart", "ts": "2024-01-01 10:00:01"}
--| {"user_name": "ann", "page": "faq", "ts": "2024-01-01 10:00:05"}
--| {"user_name": "bob", "page": "home", "ts": "2024-01-01 10:00:02"}
CREATE TABLE clicks (user_name STRING, page STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/clicks.json', 'format' = 'json');
SELECT user_name, page, ts FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY ts DESC) AS rn FROM clicks)
WHERE rn = 1;
-- expected:
-- +I[ann, home, 2024-01-01 10:00:03.000]
-- +I[bob, cart, 2024-01-01 10:00:02.000]
-- -U[ann, home, 2024-01-01 10:00:03.000]
-- +U[ann, faq, 2024-01-01 10:00:05.000]
-- -U[bob, cart, 2024-01-01 10:00:02.000]
-- +U[bob, home, 2024-01-01 10:00:02.000]
