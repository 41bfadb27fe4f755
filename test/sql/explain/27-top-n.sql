-- Top-3 per category over an insert-only input: Rank with the append strategy
CREATE TABLE t (category STRING, item STRING, price INT) WITH ('connector' = 'values');
CREATE TABLE s (category STRING, item STRING, price INT, rn BIGINT) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT * FROM (SELECT category, item, price, ROW_NUMBER() OVER (PARTITION BY category ORDER BY price DESC) AS rn FROM t) WHERE rn <= 3;
