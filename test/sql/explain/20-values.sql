-- VALUES source
CREATE TABLE s (x INT, y STRING) WITH ('connector' = 'values');
EXPLAIN INSERT INTO s VALUES (1, 'a'), (2, 'bb');
