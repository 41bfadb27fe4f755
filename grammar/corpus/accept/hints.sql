-- SQL hints: dynamic table options (OPTIONS), LOOKUP, STATE_TTL, join strategy hints
-- (BROADCAST, SHUFFLE_HASH, SHUFFLE_MERGE, NEST_LOOP), on queries, joins and INSERT targets.

SELECT id, name FROM kafka_table1 /*+ OPTIONS('scan.startup.mode' = 'earliest-offset') */;

SELECT * FROM orders /*+ OPTIONS('scan.startup.mode' = 'timestamp', 'scan.startup.timestamp-millis' = '1714521600000') */ AS o
WHERE o.amount > 10;

SELECT * FROM kafka_table1 /*+ OPTIONS('scan.startup.mode' = 'earliest-offset') */ t1
JOIN kafka_table2 /*+ OPTIONS('scan.startup.mode' = 'earliest-offset') */ t2
ON t1.id = t2.id;

INSERT INTO kafka_table1 /*+ OPTIONS('sink.partitioner' = 'round-robin') */ SELECT * FROM kafka_table2;

SELECT /*+ LOOKUP('table' = 'c', 'async' = 'true', 'output-mode' = 'allow_unordered', 'timeout' = '500s', 'capacity' = '2000') */
  o.order_id, o.total, c.id, c.name
FROM orders_t AS o
JOIN customers_t FOR SYSTEM_TIME AS OF o.proc_time AS c
ON o.customer_id = c.id;

SELECT /*+ LOOKUP('table'='C', 'retry-predicate'='lookup_miss', 'retry-strategy'='fixed_delay', 'fixed-delay'='10s', 'max-attempts'='3') */ O.order_id, C.name
FROM orders_t AS O
JOIN customers_t FOR SYSTEM_TIME AS OF O.proc_time AS C
ON O.customer_id = C.id;

SELECT /*+ STATE_TTL('orders' = '1d', 'customers' = '20d') */ o.order_id, c.name
FROM orders AS o
LEFT JOIN customers AS c ON o.customer_id = c.id;

SELECT /*+ STATE_TTL('v1' = '1d', 'v2' = '4d'), STATE_TTL('v2' = '8d') */ deptno, department_num
FROM (SELECT MIN(salary) AS salary, deptno FROM employee GROUP BY deptno) v1
JOIN (SELECT MIN(b2) AS b2, department_num FROM department GROUP BY department_num) v2
ON deptno = department_num;

SELECT /*+ BROADCAST(customers) */ o.order_id, c.name FROM orders o JOIN customers c ON o.customer_id = c.id;

SELECT /*+ SHUFFLE_HASH(t1), SHUFFLE_MERGE(t2) */ * FROM t1 JOIN t2 ON t1.id = t2.id;

SELECT /*+ NEST_LOOP(t1, t2) */ * FROM t1 JOIN t2 ON t1.id = t2.id;

SELECT /*+ BROADCAST(t1, t3) */ * FROM t1 JOIN t2 ON t1.id = t2.id JOIN t3 ON t1.id = t3.id;

SELECT /*+ BROADCAST(t1) */ t1.id FROM t1 WHERE t1.id IN (SELECT /*+ SHUFFLE_HASH(t3) */ t3.id FROM t2 JOIN t3 ON t2.id = t3.id);

SELECT /*+ STATE_TTL('source_t' = '1s') */b, COUNT(*) AS cnt FROM source_t GROUP BY b;

select /*+ broadcast(customers) */ * from orders o join customers c on o.customer_id = c.id;

SELECT * FROM orders /* an ordinary block comment, not a hint */ WHERE amount > 0;
