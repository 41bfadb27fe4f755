-- operator: window SEMI join (EXISTS over two TUMBLE windows: left rows with a partner in the same window)
-- order: any
-- 10 s tumbling windows on both sides. a@01 has a partner in [10:00:00, 10:00:10) (a@03), so does
-- a@02 (each left row is emitted once, however many partners); b@04's partner is in the next window;
-- a@12 has a@15. Window joins emit inserts only, when the watermark closes the window.
-- file: left.json
--| {"k": "a", "v": 1, "ts": "2024-01-01 10:00:01"}
--| {"k": "a", "v": 2, "ts": "2024-01-01 10:00:02"}
--| {"k": "b", "v": 3, "ts": "2024-01-01 10:00:04"}
--| {"k": "a", "v": 4, "ts": "2024-01-01 10:00:12"}
-- file: right.json
--| {"k": "a", "ts": "2024-01-01 10:00:03"}
--| {"k": "a", "ts": "2024-01-01 10:00:05"}
--| {"k": "b", "ts": "2024-01-01 10:00:11"}
--| {"k": "a", "ts": "2024-01-01 10:00:15"}
CREATE TABLE lt (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/left.json', 'format' = 'json');
CREATE TABLE rt (k STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/right.json', 'format' = 'json');
SELECT L.k, L.v, L.window_start, L.window_end
FROM (SELECT * FROM TABLE(TUMBLE(TABLE lt, DESCRIPTOR(ts), INTERVAL '10' SECOND))) L
WHERE EXISTS (
  SELECT * FROM (SELECT * FROM TABLE(TUMBLE(TABLE rt, DESCRIPTOR(ts), INTERVAL '10' SECOND))) R
  WHERE L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end);
-- expected:
-- +I[a, 1, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000]
-- +I[a, 2, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000]
-- +I[a, 4, 2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000]
