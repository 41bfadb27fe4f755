-- operator: ORDER BY rowtime (streaming temporal sort; the input is out of order within the watermark delay)
-- order: ordered
-- file: shuffled.json
--| {"k": "c", "ts": "2024-01-01 10:00:03"}
--| {"k": "a", "ts": "2024-01-01 10:00:01"}
--| {"k": "d", "ts": "2024-01-01 10:00:04"}
--| {"k": "b", "ts": "2024-01-01 10:00:02"}
CREATE TABLE shuffled (k STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/shuffled.json', 'format' = 'json');
SELECT k, ts FROM shuffled ORDER BY ts;
-- expected:
-- +I[a, 2024-01-01 10:00:01.000]
-- +I[b, 2024-01-01 10:00:02.000]
-- +I[c, 2024-01-01 10:00:03.000]
-- +I[d, 2024-01-01 10:00:04.000]
