-- operator: SESSION window aggregation (gap 3 s, PARTITION BY k)
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
SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(SESSION(TABLE events PARTITION BY k, DESCRIPTOR(ts), INTERVAL '3' SECOND))
GROUP BY k, window_start, window_end;
-- expected:
-- +I[b, 2024-01-01 10:00:03.000, 2024-01-01 10:00:06.000, 1, 2]
-- +I[a, 2024-01-01 10:00:01.000, 2024-01-01 10:00:10.000, 3, 8]
-- +I[b, 2024-01-01 10:00:12.000, 2024-01-01 10:00:15.000, 1, 5]
-- +I[a, 2024-01-01 10:00:14.000, 2024-01-01 10:00:17.000, 1, 6]
