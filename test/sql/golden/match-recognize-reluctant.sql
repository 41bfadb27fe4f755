-- operator: MATCH_RECOGNIZE greedy B+ versus reluctant B+? (AFTER MATCH SKIP PAST LAST ROW)
-- order: ordered
-- A AS v > 10, B AS v < 15, C AS v > 12: rows 13 and 14 can be either B or C. Greedy B+ keeps taking B
-- while it can, so the match from 11 ends at 16 (B = 12, 13, 14). Reluctant B+? moves to C as soon as
-- it can: the match from 11 ends at 13 (B = 12), then 14 cannot start one (16 is no B) and 16 does
-- (B = 12, C = 20).
-- file: ticks.json
--| {"v": 1, "ts": "2024-01-01 10:00:01"}
--| {"v": 11, "ts": "2024-01-01 10:00:02"}
--| {"v": 12, "ts": "2024-01-01 10:00:03"}
--| {"v": 13, "ts": "2024-01-01 10:00:04"}
--| {"v": 14, "ts": "2024-01-01 10:00:05"}
--| {"v": 16, "ts": "2024-01-01 10:00:06"}
--| {"v": 12, "ts": "2024-01-01 10:00:07"}
--| {"v": 20, "ts": "2024-01-01 10:00:08"}
CREATE TABLE ticks (v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/ticks.json', 'format' = 'json');
SELECT 'greedy' AS mode, * FROM ticks
MATCH_RECOGNIZE (
  ORDER BY ts
  MEASURES A.v AS a, FIRST(B.v) AS first_b, LAST(B.v) AS last_b, C.v AS c
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (A B+ C)
  DEFINE A AS A.v > 10, B AS B.v < 15, C AS C.v > 12
);
SELECT 'reluctant' AS mode, * FROM ticks
MATCH_RECOGNIZE (
  ORDER BY ts
  MEASURES A.v AS a, FIRST(B.v) AS first_b, LAST(B.v) AS last_b, C.v AS c
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (A B+? C)
  DEFINE A AS A.v > 10, B AS B.v < 15, C AS C.v > 12
);
-- expected:
-- +I[greedy, 11, 12, 14, 16]
-- +I[reluctant, 11, 12, 12, 13]
-- +I[reluctant, 16, 12, 12, 20]
