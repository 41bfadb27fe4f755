-- operator: window deduplication (last row per key in each 10 s TUMBLE window, emitted at window end)
-- order: any
-- ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY ts DESC) = 1 keeps the row with
-- the latest rowtime per key and window; insert-only, emitted when the watermark closes the window.
-- a@04 arrives after a@07 and does not replace it.
-- file: events.json
--| {"k": "a", "v": 1, "ts": "2024-01-01 10:00:01"}
--| {"k": "b", "v": 2, "ts": "2024-01-01 10:00:03"}
--| {"k": "a", "v": 3, "ts": "2024-01-01 10:00:07"}
--| {"k": "a", "v": 4, "ts": "2024-01-01 10:00:04"}
--| {"k": "b", "v": 5, "ts": "2024-01-01 10:00:12"}
--| {"k": "a", "v": 6, "ts": "2024-01-01 10:00:14"}
--| {"k": "b", "v": 7, "ts": "2024-01-01 10:00:11"}
CREATE TABLE events (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/events.json', 'format' = 'json');
SELECT window_start, window_end, k, v, ts FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY ts DESC) AS rn
  FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND)))
WHERE rn = 1;
-- expected:
-- +I[2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, a, 3, 2024-01-01 10:00:07.000]
-- +I[2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, b, 2, 2024-01-01 10:00:03.000]
-- +I[2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000, b, 5, 2024-01-01 10:00:12.000]
-- +I[2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000, a, 6, 2024-01-01 10:00:14.000]
