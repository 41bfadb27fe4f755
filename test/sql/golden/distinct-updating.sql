-- operator: SELECT DISTINCT over an updating input (visit counts per page, with -U/+U per visit)
-- order: ordered
-- DISTINCT counts the input rows per distinct value: a value is inserted when it first appears and
-- deleted when its last row is retracted; retracting one of several equal rows emits nothing.
-- Counts: home 1, cart 1 (1 now seen twice), home 1 → 2 (1 still held by cart), home 2 → 3 (2 gone).
-- file: visits.json
--| {"page": "home"}
--| {"page": "cart"}
--| {"page": "home"}
--| {"page": "home"}
CREATE TABLE visits (page STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/visits.json', 'format' = 'json');
SELECT DISTINCT n FROM (SELECT page, COUNT(*) AS n FROM visits GROUP BY page);
-- expected:
-- +I[1]
-- +I[2]
-- -D[2]
-- +I[3]
