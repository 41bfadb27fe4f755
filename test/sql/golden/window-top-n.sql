-- operator: window Top-N (top key per TUMBLE window by row count)
-- order: any
-- file: events.json
--| {"k": "a", "v": 1, "ts": "2024-01-01 10:00:01"}
--| {"k": "b", "v": 2, "ts": "2024-01-01 10:00:03"}
--| {"k": "a", "v": 3, "ts": "2024-01-01 10:00:04"}
--| {"k": "a", "v": 4, "ts": "2024-01-01 10:00:07"}
--| {"k": "b", "v": 5, "ts": "2024-01-01 10:00:12"}
--| {"k": "a", "v": 6, "ts": "2024-01-01 10:00:14"}
CREATE TABLE events (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/events.json', 'format' = 'json');
SELECT window_start, window_end, k, n FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY n DESC, k) AS rn FROM (
    SELECT window_start, window_end, k, COUNT(*) AS n
    FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))
    GROUP BY window_start, window_end, k))
WHERE rn <= 1;
-- expected:
-- +I[2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, a, 3]
-- +I[2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000, a, 1]
