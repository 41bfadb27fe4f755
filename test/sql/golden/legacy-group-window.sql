-- operator: legacy group window (GROUP BY TUMBLE(ts, 10 s) with TUMBLE_START/TUMBLE_END)
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
SELECT k, TUMBLE_START(ts, INTERVAL '10' SECOND) AS ws, TUMBLE_END(ts, INTERVAL '10' SECOND) AS we, COUNT(*) AS n
FROM events
GROUP BY k, TUMBLE(ts, INTERVAL '10' SECOND);
-- expected:
-- +I[a, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, 3]
-- +I[b, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, 1]
-- +I[b, 2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000, 1]
-- +I[a, 2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000, 1]
