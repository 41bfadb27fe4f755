-- operator: regular LEFT join of insert-only inputs (matched rows joined, unmatched left rows null-padded)
-- order: ordered
-- Deterministic input order: the runner reads a two-input operator's right input to its end before its
-- left input (sources are polled downstream-first in plan order), so every left row meets the whole
-- right side: k = 1 matches twice, k = 2 never (+I with nulls), k = 3 matches once.
-- file: left.json
--| {"k": 1, "s": "l1"}
--| {"k": 2, "s": "l2"}
--| {"k": 3, "s": "l3"}
-- file: right.json
--| {"k": 1, "r": "r1a"}
--| {"k": 3, "r": "r3"}
--| {"k": 1, "r": "r1b"}
--| {"k": 4, "r": "r4"}
CREATE TABLE lt (k BIGINT, s STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/left.json', 'format' = 'json');
CREATE TABLE rt (k BIGINT, r STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/right.json', 'format' = 'json');
SELECT lt.k, lt.s, rt.r FROM lt LEFT JOIN rt ON lt.k = rt.k;
-- expected:
-- +I[1, l1, r1a]
-- +I[1, l1, r1b]
-- +I[2, l2, null]
-- +I[3, l3, r3]
