-- Regular joins: INNER, LEFT/RIGHT/FULL [OUTER], CROSS, comma joins, USING, interval joins, multi-way joins.

SELECT o.order_id, c.name FROM orders o JOIN customers c ON o.customer_id = c.id;

SELECT o.order_id, c.name FROM orders AS o INNER JOIN customers AS c ON o.customer_id = c.id;

SELECT o.order_id, c.name FROM orders o LEFT JOIN customers c ON o.customer_id = c.id;

SELECT o.order_id, c.name FROM orders o LEFT OUTER JOIN customers c ON o.customer_id = c.id;

SELECT o.order_id, c.name FROM orders o RIGHT JOIN customers c ON o.customer_id = c.id;

SELECT o.order_id, c.name FROM orders o RIGHT OUTER JOIN customers c ON o.customer_id = c.id;

SELECT o.order_id, p.payment_id FROM orders o FULL JOIN payments p ON o.order_id = p.order_id;

SELECT o.order_id, p.payment_id FROM orders o FULL OUTER JOIN payments p ON o.order_id = p.order_id;

SELECT o.order_id, c.currency FROM orders o CROSS JOIN currencies c;

SELECT name, department_name FROM employee, department WHERE deptno = department_num;

SELECT order_id, line_no, sku FROM orders JOIN order_lines USING (order_id);

SELECT * FROM order_lines l JOIN shipments s USING (order_id, line_no);

SELECT
  o.order_id,
  o.amount,
  c.name,
  p.paid,
  s.carrier
FROM orders AS o
INNER JOIN customers AS c ON o.customer_id = c.id
LEFT JOIN payments AS p ON p.order_id = o.order_id
LEFT JOIN shipments AS s ON s.order_id = o.order_id AND s.carrier <> 'internal'
WHERE o.amount > 0;

SELECT o.order_id, o.order_time, s.ship_time
FROM orders o, shipments_t s
WHERE o.order_id = s.order_id
  AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time;

SELECT o.id AS order_id, o.order_ts_str, s.shipment_ts_str
FROM orders_t o
JOIN shipments_t s ON o.id = s.order_id
WHERE o.order_ts BETWEEN s.shipment_ts - INTERVAL '5' SECOND AND s.shipment_ts + INTERVAL '5' SECOND;

SELECT o.id, s.shipment_ts_str
FROM orders_t o LEFT OUTER JOIN shipments_t s
ON o.id = s.order_id
AND o.order_ts BETWEEN s.shipment_ts + INTERVAL '10' SECOND AND s.shipment_ts + INTERVAL '5' SECOND;

SELECT u.user_id, u.name, o.order_id
FROM users_nulls u
INNER JOIN orders_nulls o ON u.user_id IS NOT DISTINCT FROM o.user_id;

SELECT t2.a, t2.c, t1.c
FROM (SELECT IF(a = 3, CAST(NULL AS INT), a) AS a, b, c FROM t1) AS t1
JOIN (SELECT IF(a = 3, CAST(NULL AS INT), a) AS a, b, c FROM t2) AS t2
ON ((t1.a IS NULL AND t2.a IS NULL) OR (t1.a = t2.a)) AND t1.b > t2.b;

SELECT deptno, department_num
FROM (SELECT MIN(salary) AS salary, deptno FROM employee GROUP BY deptno)
JOIN (SELECT MIN(b2) AS b2, department_num FROM department GROUP BY department_num)
ON deptno = department_num;

SELECT a.id, a.val, r.data, u.status
FROM append_table a
LEFT JOIN retract_table r ON a.id = r.ref_id
LEFT JOIN upsert_table u ON a.id = u.key_id;

SELECT o.order_id, l.*
FROM orders o
LEFT JOIN lines l ON o.order_id = l.order_id AND l.status <> o.excluded_status;

SELECT * FROM orders o JOIN (customers c JOIN addresses a ON c.id = a.customer_id) ON o.customer_id = c.id;
