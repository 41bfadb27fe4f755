-- An upsert source (I,UA,D with a primary key) is normalized into a retract stream
CREATE TABLE u (id INT, v BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'values', 'changelog-mode' = 'I,UA,D');
CREATE TABLE s (v BIGINT, n BIGINT) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT v, COUNT(*) FROM u GROUP BY v;
