-- FULL OUTER JOIN of two updating inputs: a GROUP BY (retract) and an upsert source (normalized into a
-- retract stream); the output is a full retract changelog
CREATE TABLE visits (page STRING) WITH ('connector' = 'values');
CREATE TABLE owners (page STRING, owner STRING, PRIMARY KEY (page) NOT ENFORCED) WITH ('connector' = 'values', 'changelog-mode' = 'I,UA,D');
CREATE TABLE s (page STRING, n BIGINT, owned_page STRING, owner STRING) WITH ('connector' = 'values', 'sink-insert-only' = 'false');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT v.page, v.n, w.page, w.owner FROM (SELECT page, COUNT(*) AS n FROM visits GROUP BY page) v FULL OUTER JOIN owners w ON v.page = w.page;
