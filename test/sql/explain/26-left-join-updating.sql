-- LEFT JOIN over an updating (upsert) input: the join produces retractions
CREATE TABLE orders (id INT, customer INT, amount BIGINT) WITH ('connector' = 'values');
CREATE TABLE customers (cid INT, name STRING, PRIMARY KEY (cid) NOT ENFORCED) WITH ('connector' = 'values', 'changelog-mode' = 'I,UA,D');
CREATE TABLE s (id INT, name STRING) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.customer = c.cid;
