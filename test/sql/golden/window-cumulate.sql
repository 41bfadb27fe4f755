-- operator: WindowAggregate over CUMULATE (step 5 s, max size 10 s)
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
SELECT window_start, window_end, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
GROUP BY window_start, window_end;
-- expected:
-- +I[2024-01-01 10:00:00.000, 2024-01-01 10:00:05.000, 3, 6]
-- +I[2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000, 4, 10]
-- +I[2024-01-01 10:00:10.000, 2024-01-01 10:00:15.000, 2, 11]
-- +I[2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000, 2, 11]
