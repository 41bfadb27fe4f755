-- operator: MATCH_RECOGNIZE (a rise then a fall per key: A, one or more greater rows B, a smaller row C)
-- order: any
-- file: prices.json
--| {"k": "a", "v": 5, "ts": "2024-01-01 10:00:01"}
--| {"k": "a", "v": 1, "ts": "2024-01-01 10:00:02"}
--| {"k": "b", "v": 1, "ts": "2024-01-01 10:00:03"}
--| {"k": "a", "v": 2, "ts": "2024-01-01 10:00:04"}
--| {"k": "b", "v": 2, "ts": "2024-01-01 10:00:05"}
--| {"k": "a", "v": 3, "ts": "2024-01-01 10:00:06"}
--| {"k": "a", "v": 2, "ts": "2024-01-01 10:00:07"}
--| {"k": "b", "v": 1, "ts": "2024-01-01 10:00:08"}
--| {"k": "a", "v": 9, "ts": "2024-01-01 10:00:09"}
CREATE TABLE prices (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/prices.json', 'format' = 'json');
SELECT * FROM prices
MATCH_RECOGNIZE (
  PARTITION BY k ORDER BY ts
  MEASURES FIRST(A.v) AS start_v, LAST(B.v) AS peak_v, C.v AS end_v, C.ts AS end_ts
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (A B+ C)
  DEFINE
    B AS (LAST(B.v, 1) IS NULL AND B.v > A.v) OR B.v > LAST(B.v, 1),
    C AS C.v < LAST(B.v)
);
-- expected:
-- +I[a, 1, 3, 2, 2024-01-01 10:00:07.000]
-- +I[b, 1, 2, 1, 2024-01-01 10:00:08.000]
