-- operator: window ANTI join (NOT IN over two TUMBLE windows: left rows without a partner in the window)
-- order: any
-- 10 s tumbling windows on both sides; `L.k NOT IN (SELECT R.k ... same window)`. b@04 has no b in
-- [10:00:00, 10:00:10) (its b comes at 10:00:11), c@13 has no c at all; the a rows have partners.
-- Window joins emit inserts only, when the watermark closes the window.
-- file: left.json
--| {"k": "a", "v": 1, "ts": "2024-01-01 10:00:01"}
--| {"k": "b", "v": 3, "ts": "2024-01-01 10:00:04"}
--| {"k": "a", "v": 4, "ts": "2024-01-01 10:00:12"}
--| {"k": "c", "v": 5, "ts": "2024-01-01 10:00:13"}
-- file: right.json
--| {"k": "a", "ts": "2024-01-01 10:00:03"}
--| {"k": "b", "ts": "2024-01-01 10:00:11"}
--| {"k": "a", "ts": "2024-01-01 10:00:15"}
CREATE TABLE lt (k STRING, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/left.json', 'format' = 'json');
CREATE TABLE rt (k STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/right.json', 'format' = 'json');
SELECT L.k, L.v, L.window_start, L.window_end
FROM (SELECT * FROM TABLE(TUMBLE(TABLE lt, DESCRIPTOR(ts), INTERVAL '10' SECOND))) L
WHERE L.k NOT IN (
  SELECT R.k FROM (SELECT * FROM TABLE(TUMBLE(TABLE rt, DESCRIPTOR(ts), INTERVAL '10' SECOND))) R
  WHERE L.window_start = R.window_start AND L.window_end = R.window_end);
-- expected:
-- +I[b, 3, 2024-01-01 10:00:00.000, 2024-01-01 10:00:10.000]
-- +I[c, 5, 2024-01-01 10:00:10.000, 2024-01-01 10:00:20.000]
