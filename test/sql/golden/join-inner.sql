-- operator: regular INNER join (both sides from one file, split by a filter)
-- order: any
-- file: rows.json
--| {"side": "L", "k": 1, "s": "l1"}
--| {"side": "L", "k": 2, "s": "l2"}
--| {"side": "R", "k": 1, "s": "r1"}
--| {"side": "L", "k": 3, "s": "l3"}
--| {"side": "R", "k": 3, "s": "r3"}
--| {"side": "R", "k": 4, "s": "r4"}
CREATE TABLE rows_in (side STRING, k INT, s STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/rows.json', 'format' = 'json');
CREATE VIEW l AS SELECT k, s FROM rows_in WHERE side = 'L';
CREATE VIEW r AS SELECT k, s FROM rows_in WHERE side = 'R';
SELECT l.k, l.s, r.s FROM l JOIN r ON l.k = r.k;
-- expected:
-- +I[1, l1, r1]
-- +I[3, l3, r3]
