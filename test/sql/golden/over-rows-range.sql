-- operator: OVER aggregation with bounded ROWS and RANGE frames on the rowtime (ties, out-of-order, late)
-- order: any
-- Per key, rows are aggregated in rowtime order once the watermark (ts - 2 s) passes them, so a@02
-- (arriving after a@03) is placed before it, and a@00 (arriving when the watermark is already 07) is
-- late and dropped. ROWS 1 PRECEDING = the row and the one before it (ties in arrival order: 2, then 4);
-- RANGE 5 s PRECEDING = every row in [ts - 5 s, ts], peers with the same ts included (both rows at 03
-- see 1 + 32 + 2 + 4 = 39).
-- file: events.json
--| {"k": "a", "v": 1, "ts": "2024-01-01 10:00:01"}
--| {"k": "a", "v": 2, "ts": "2024-01-01 10:00:03"}
--| {"k": "a", "v": 4, "ts": "2024-01-01 10:00:03"}
--| {"k": "b", "v": 16, "ts": "2024-01-01 10:00:02"}
--| {"k": "a", "v": 32, "ts": "2024-01-01 10:00:02"}
--| {"k": "a", "v": 8, "ts": "2024-01-01 10:00:09"}
--| {"k": "a", "v": 64, "ts": "2024-01-01 10:00:00"}
CREATE TABLE events (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/events.json', 'format' = 'json');
SELECT k, v, ts,
  SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS sum_2_rows,
  COUNT(*) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS cnt_2_rows
FROM events;
SELECT k, v, ts,
  SUM(v) OVER w AS sum_5s,
  MAX(v) OVER w AS max_5s
FROM events
WINDOW w AS (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '5' SECOND PRECEDING AND CURRENT ROW);
-- expected:
-- +I[a, 1, 2024-01-01 10:00:01.000, 1, 1]
-- +I[a, 32, 2024-01-01 10:00:02.000, 33, 2]
-- +I[a, 2, 2024-01-01 10:00:03.000, 34, 2]
-- +I[a, 4, 2024-01-01 10:00:03.000, 6, 2]
-- +I[a, 8, 2024-01-01 10:00:09.000, 12, 2]
-- +I[b, 16, 2024-01-01 10:00:02.000, 16, 1]
-- +I[a, 1, 2024-01-01 10:00:01.000, 1, 1]
-- +I[a, 32, 2024-01-01 10:00:02.000, 33, 32]
-- +I[a, 2, 2024-01-01 10:00:03.000, 39, 32]
-- +I[a, 4, 2024-01-01 10:00:03.000, 39, 32]
-- +I[a, 8, 2024-01-01 10:00:09.000, 8, 8]
-- +I[b, 16, 2024-01-01 10:00:02.000, 16, 16]
