-- operator: WatermarkAssigner + late data drop (TUMBLE window drops a row behind the watermark)
-- order: ordered
-- The watermark is ts - 2 s. After 10:00:08 it is 10:00:06, past the end of [10:00:00, 10:00:05),
-- so the row stamped 10:00:03 is late and dropped: that window counts 2, not 3.
-- file: readings.json
--| {"sensor": "s1", "v": 1, "ts": "2024-01-01 10:00:01"}
--| {"sensor": "s1", "v": 2, "ts": "2024-01-01 10:00:02"}
--| {"sensor": "s1", "v": 3, "ts": "2024-01-01 10:00:06"}
--| {"sensor": "s1", "v": 4, "ts": "2024-01-01 10:00:08"}
--| {"sensor": "s1", "v": 99, "ts": "2024-01-01 10:00:03"}
--| {"sensor": "s1", "v": 5, "ts": "2024-01-01 10:00:11"}
CREATE TABLE readings (sensor STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '2' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/readings.json', 'format' = 'json');
SELECT window_start, window_end, COUNT(*) AS n, SUM(v) AS total
FROM TABLE(TUMBLE(TABLE readings, DESCRIPTOR(ts), INTERVAL '5' SECOND))
GROUP BY window_start, window_end;
-- expected:
-- +I[2024-01-01 10:00:00.000, 2024-01-01 10:00:05.000, 2, 3]
-- +I[2024-01-01 10:00:05.000, 2024-01-01 10:00:10.000, 2, 7]
-- +I[2024-01-01 10:00:10.000, 2024-01-01 10:00:15.000, 1, 5]
