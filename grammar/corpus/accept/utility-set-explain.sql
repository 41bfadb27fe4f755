-- SET / RESET, EXPLAIN, jobs, jars, modules-independent utilities.

SET;

SET 'execution.runtime-mode' = 'streaming';

SET 'table.exec.state.ttl' = '1 h';

SET 'sql-client.execution.result-mode' = 'tableau';

set 'pipeline.name' = 'orders-enrichment';

RESET;

RESET 'table.exec.state.ttl';

EXPLAIN SELECT * FROM orders WHERE amount > 100;

EXPLAIN PLAN FOR SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id;

EXPLAIN CHANGELOG_MODE SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id;

EXPLAIN ESTIMATED_COST, CHANGELOG_MODE, JSON_EXECUTION_PLAN
SELECT o.order_id, c.name
FROM orders AS o
JOIN customers AS c ON o.customer_id = c.id;

EXPLAIN PLAN_ADVICE SELECT product, SUM(amount) FROM orders GROUP BY product;

-- Tributary: run a bounded statement and print the plan with per-operator statistics
EXPLAIN ANALYZE SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id;

explain analyze INSERT INTO print_sink SELECT order_id, amount FROM orders;

EXPLAIN INSERT INTO print_sink SELECT order_id, amount FROM orders;

EXPLAIN PLAN FOR INSERT INTO print_sink SELECT order_id, amount FROM orders WHERE currency = 'USD';

EXPLAIN STATEMENT SET
BEGIN
  INSERT INTO print_sink SELECT order_id, amount FROM orders WHERE currency = 'EUR';
  INSERT INTO print_sink SELECT order_id, amount FROM orders WHERE currency = 'USD';
END;

EXPLAIN CHANGELOG_MODE STATEMENT SET BEGIN
INSERT INTO print_sink SELECT order_id, amount FROM orders;
END;

STOP JOB 'a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0';

STOP JOB '228d70913eab60dda85c5e7f78b5782c' WITH SAVEPOINT;

STOP JOB '228d70913eab60dda85c5e7f78b5782c' WITH SAVEPOINT WITH DRAIN;

ADD JAR '/opt/udfs/text-udfs-1.2.jar';

ADD JAR 'hdfs:///shared/udfs/geo.jar';

REMOVE JAR '/opt/udfs/text-udfs-1.2.jar';

TRUNCATE TABLE page_views;
