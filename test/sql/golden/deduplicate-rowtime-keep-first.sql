-- operator: deduplication keeping the first row per key on the rowtime (ROW_NUMBER over ts ASC = 1)
-- order: ordered
-- Rows are deduplicated as they arrive (Flink's RowTimeDeduplicateFunction), not at the watermark: a row
-- with a strictly earlier rowtime than the kept one replaces it (-U old, +U new); a later or equal one
-- is ignored. ann@01 arrives after ann@03 and replaces it; ann@05 and bob@02 (a tie) are ignored.
-- file: clicks.json
--| {"user_name": "ann", "page": "home", "ts": "2024-01-01 10:00:03"}
--| {"user_name": "bob", "page": "cart", "ts": "2024-01-01 10:00:02"}
--| {"user_name": "ann", "page": "cart", "ts": "2024-01-01 10:00:01"}
--| {"user_name": "ann", "page": "faq", "ts": "2024-01-01 10:00:05"}
--| {"user_name": "bob", "page": "home", "ts": "2024-01-01 10:00:02"}
CREATE TABLE clicks (user_name STRING, page STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/clicks.json', 'format' = 'json');
SELECT user_name, page, ts FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY ts ASC) AS rn FROM clicks)
WHERE rn = 1;
-- expected:
-- +I[ann, home, 2024-01-01 10:00:03.000]
-- +I[bob, cart, 2024-01-01 10:00:02.000]
-- -U[ann, home, 2024-01-01 10:00:03.000]
-- +U[ann, cart, 2024-01-01 10:00:01.000]
