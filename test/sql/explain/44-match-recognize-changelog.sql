-- MATCH_RECOGNIZE with EXPLAIN CHANGELOG_MODE: insert-only in and out (WITHIN, reluctant quantifier)
CREATE TABLE logins (user_name STRING, status STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (user_name STRING, first_fail TIMESTAMP(3), last_fail TIMESTAMP(3)) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT * FROM logins MATCH_RECOGNIZE (PARTITION BY user_name ORDER BY ts MEASURES FIRST(F.ts) AS first_fail, LAST(F.ts) AS last_fail ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (F{2,}? X) WITHIN INTERVAL '10' SECOND DEFINE F AS status = 'fail', X AS status = 'fail');
