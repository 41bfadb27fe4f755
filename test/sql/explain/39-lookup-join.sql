-- Lookup join (FOR SYSTEM_TIME AS OF the probe's processing time) against a lookup table: insert-only
CREATE TABLE orders (id INT, customer INT, pt AS PROCTIME()) WITH ('connector' = 'values');
CREATE TABLE customers (cid INT, name STRING, PRIMARY KEY (cid) NOT ENFORCED) WITH ('connector' = 'values');
CREATE TABLE s (id INT, name STRING) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT o.id, c.name FROM orders o LEFT JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.customer = c.cid;
