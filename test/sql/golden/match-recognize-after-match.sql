-- operator: MATCH_RECOGNIZE AFTER MATCH SKIP variants on overlapping matches (PATTERN (A{2} B+ C))
-- order: ordered
-- A is any row, B a 'b' row, C a 'c' row. Candidate matches (first row - last row): 1-6, 2-6, 3-6
-- (complete at row 6) and 5-10, 6-10, 7-10 (complete at row 10); 4 and 8 die at a 'c'.
-- TO NEXT ROW keeps all six; PAST LAST ROW resumes after the match (1-6, 7-10); TO FIRST B resumes at the
-- match's first B (1-6 → 3-6 → 5-10 → 7-10); TO LAST B at its last B (1-6 → 5-10).
-- file: events.json
--| {"pos": 1, "kind": "a", "ts": "2024-01-01 10:00:01"}
--| {"pos": 2, "kind": "a", "ts": "2024-01-01 10:00:02"}
--| {"pos": 3, "kind": "b", "ts": "2024-01-01 10:00:03"}
--| {"pos": 4, "kind": "b", "ts": "2024-01-01 10:00:04"}
--| {"pos": 5, "kind": "b", "ts": "2024-01-01 10:00:05"}
--| {"pos": 6, "kind": "c", "ts": "2024-01-01 10:00:06"}
--| {"pos": 7, "kind": "b", "ts": "2024-01-01 10:00:07"}
--| {"pos": 8, "kind": "b", "ts": "2024-01-01 10:00:08"}
--| {"pos": 9, "kind": "b", "ts": "2024-01-01 10:00:09"}
--| {"pos": 10, "kind": "c", "ts": "2024-01-01 10:00:10"}
CREATE TABLE events (pos INT, kind STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/events.json', 'format' = 'json');
SELECT 'next row' AS strategy, * FROM events MATCH_RECOGNIZE (
  ORDER BY ts
  MEASURES FIRST(A.pos) AS first_row, FIRST(B.pos) AS first_b, LAST(B.pos) AS last_b, C.pos AS last_row
  ONE ROW PER MATCH AFTER MATCH SKIP TO NEXT ROW
  PATTERN (A{2} B+ C) DEFINE B AS kind = 'b', C AS kind = 'c');
SELECT 'past last row' AS strategy, * FROM events MATCH_RECOGNIZE (
  ORDER BY ts
  MEASURES FIRST(A.pos) AS first_row, FIRST(B.pos) AS first_b, LAST(B.pos) AS last_b, C.pos AS last_row
  ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
  PATTERN (A{2} B+ C) DEFINE B AS kind = 'b', C AS kind = 'c');
SELECT 'to first b' AS strategy, * FROM events MATCH_RECOGNIZE (
  ORDER BY ts
  MEASURES FIRST(A.pos) AS first_row, FIRST(B.pos) AS first_b, LAST(B.pos) AS last_b, C.pos AS last_row
  ONE ROW PER MATCH AFTER MATCH SKIP TO FIRST B
  PATTERN (A{2} B+ C) DEFINE B AS kind = 'b', C AS kind = 'c');
SELECT 'to last b' AS strategy, * FROM events MATCH_RECOGNIZE (
  ORDER BY ts
  MEASURES FIRST(A.pos) AS first_row, FIRST(B.pos) AS first_b, LAST(B.pos) AS last_b, C.pos AS last_row
  ONE ROW PER MATCH AFTER MATCH SKIP TO LAST B
  PATTERN (A{2} B+ C) DEFINE B AS kind = 'b', C AS kind = 'c');
-- expected:
-- +I[next row, 1, 3, 5, 6]
-- +I[next row, 2, 4, 5, 6]
-- +I[next row, 3, 5, 5, 6]
-- +I[next row, 5, 7, 9, 10]
-- +I[next row, 6, 8, 9, 10]
-- +I[next row, 7, 9, 9, 10]
-- +I[past last row, 1, 3, 5, 6]
-- +I[past last row, 7, 9, 9, 10]
-- +I[to first b, 1, 3, 5, 6]
-- +I[to first b, 3, 5, 5, 6]
-- +I[to first b, 5, 7, 9, 10]
-- +I[to first b, 7, 9, 9, 10]
-- +I[to last b, 1, 3, 5, 6]
-- +I[to last b, 5, 7, 9, 10]
