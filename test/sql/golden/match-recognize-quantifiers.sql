-- operator: MATCH_RECOGNIZE quantifiers: bounded {2,3}, optional ?, on strictly consecutive rows
-- order: ordered
-- PATTERN (A B{2,3} C? D) over one partition; each row's `kind` says which variable it can be.
-- Rows 1-3: one b only (no match). 4-7: two b's, no c (C? skipped). 8-12: two b's then the optional c.
-- 13-18: four b's (a fourth b is neither B, C nor D: the attempt dies). 19-23: three b's.
-- file: events.json
--| {"pos": 1, "kind": "a", "ts": "2024-01-01 10:00:01"}
--| {"pos": 2, "kind": "b", "ts": "2024-01-01 10:00:02"}
--| {"pos": 3, "kind": "d", "ts": "2024-01-01 10:00:03"}
--| {"pos": 4, "kind": "a", "ts": "2024-01-01 10:00:04"}
--| {"pos": 5, "kind": "b", "ts": "2024-01-01 10:00:05"}
--| {"pos": 6, "kind": "b", "ts": "2024-01-01 10:00:06"}
--| {"pos": 7, "kind": "d", "ts": "2024-01-01 10:00:07"}
--| {"pos": 8, "kind": "a", "ts": "2024-01-01 10:00:08"}
--| {"pos": 9, "kind": "b", "ts": "2024-01-01 10:00:09"}
--| {"pos": 10, "kind": "b", "ts": "2024-01-01 10:00:10"}
--| {"pos": 11, "kind": "c", "ts": "2024-01-01 10:00:11"}
--| {"pos": 12, "kind": "d", "ts": "2024-01-01 10:00:12"}
--| {"pos": 13, "kind": "a", "ts": "2024-01-01 10:00:13"}
--| {"pos": 14, "kind": "b", "ts": "2024-01-01 10:00:14"}
--| {"pos": 15, "kind": "b", "ts": "2024-01-01 10:00:15"}
--| {"pos": 16, "kind": "b", "ts": "2024-01-01 10:00:16"}
--| {"pos": 17, "kind": "b", "ts": "2024-01-01 10:00:17"}
--| {"pos": 18, "kind": "d", "ts": "2024-01-01 10:00:18"}
--| {"pos": 19, "kind": "a", "ts": "2024-01-01 10:00:19"}
--| {"pos": 20, "kind": "b", "ts": "2024-01-01 10:00:20"}
--| {"pos": 21, "kind": "b", "ts": "2024-01-01 10:00:21"}
--| {"pos": 22, "kind": "b", "ts": "2024-01-01 10:00:22"}
--| {"pos": 23, "kind": "d", "ts": "2024-01-01 10:00:23"}
CREATE TABLE events (pos INT, kind STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/events.json', 'format' = 'json');
SELECT * FROM events
MATCH_RECOGNIZE (
  ORDER BY ts
  MEASURES FIRST(A.pos) AS first_row, COUNT(B.pos) AS b_count, COUNT(C.pos) AS c_count, D.pos AS last_row
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (A B{2,3} C? D)
  DEFINE A AS kind = 'a', B AS kind = 'b', C AS kind = 'c', D AS kind = 'd'
);
-- expected:
-- +I[4, 2, 0, 7]
-- +I[8, 2, 1, 12]
-- +I[19, 3, 0, 23]
