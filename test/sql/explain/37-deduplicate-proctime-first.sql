-- ROW_NUMBER() = 1 ordered by processing time ascending: keep the first row per key (insert-only)
CREATE TABLE t (id INT, product STRING, pt AS PROCTIME()) WITH ('connector' = 'values');
CREATE TABLE s (id INT, product STRING) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT id, product FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY product ORDER BY pt ASC) AS rn FROM t) WHERE rn = 1;
