-- operator: window LEFT join (two TUMBLE windows; left rows without a partner in their window padded)
-- order: any
-- file: left.json
--| {"k": "a", "v": 1, "ts": "2024-01-01 10:00:01"}
--| {"k": "b", "v": 2, "ts": "2024-01-01 10:00:02"}
--| {"k": "a", "v": 3, "ts": "2024-01-01 10:00:12"}
-- file: right.json
--| {"k": "a", "v": 10, "ts": "2024-01-01 10:00:03"}
--| {"k": "b", "v": 20, "ts": "2024-01-01 10:00:14"}
CREATE TABLE lt (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/left.json', 'format' = 'json');
CREATE TABLE rt (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/right.json', 'format' = 'json');
SELECT L.k, L.v AS lv, R.v AS rv, L.window_start, L.window_end
FROM (SELECT * FROM TABLE(TUMBLE(TABLE lt, DESCRIPTOR(ts), INTERVAL '10' SECOND))) L
LEFT JOIN (SELECT * FROM TABLE(TUMBLE(TABLE rt, DESCRIPTOR(ts), INTERVAL '10' SECOND))) R
ON L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end;
-- expected:
-- +I[a, 1, 10, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000]
-- +I[b, 2, null, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000]
-- +I[a, 3, null, 2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000]
