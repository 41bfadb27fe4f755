-- An upsert source (I,UA,D with a primary key) joined on its key: ChangelogNormalize turns it into a
-- retract stream for the join (its state layout: JoinKeyContainsUniqueKey)
CREATE TABLE orders (id INT, customer INT) WITH ('connector' = 'values');
CREATE TABLE customers (cid INT, name STRING, PRIMARY KEY (cid) NOT ENFORCED) WITH ('connector' = 'values', 'changelog-mode' = 'I,UA,D');
CREATE TABLE s (id INT, name STRING) WITH ('connector' = 'values', 'sink-insert-only' = 'false');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.cid;
