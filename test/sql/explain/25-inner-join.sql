-- Regular inner join of two insert-only inputs on an equi-key plus a non-equi condition: insert-only
CREATE TABLE orders (id INT, customer INT, amount BIGINT) WITH ('connector' = 'values');
CREATE TABLE customers (cid INT, name STRING, PRIMARY KEY (cid) NOT ENFORCED) WITH ('connector' = 'values');
CREATE TABLE s (id INT, name STRING, amount BIGINT) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT o.id, c.name, o.amount FROM orders o JOIN customers c ON o.customer = c.cid AND o.amount > c.cid;
