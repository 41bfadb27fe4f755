-- RIGHT JOIN whose left (inner) side is a GROUP BY: the left input is a retract stream keyed by the join
-- key (JoinKeyContainsUniqueKey); the join forwards the inner side's -U and emits -D/+I for the padding
CREATE TABLE visits (page STRING, user_name STRING) WITH ('connector' = 'values');
CREATE TABLE offers (offer STRING, page STRING, max_visits BIGINT) WITH ('connector' = 'values');
CREATE TABLE s (page STRING, n BIGINT, offer STRING) WITH ('connector' = 'values', 'sink-insert-only' = 'false');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT v.page, v.n, o.offer FROM (SELECT page, COUNT(*) AS n FROM visits GROUP BY page) v RIGHT JOIN offers o ON v.page = o.page AND v.n < o.max_visits;
