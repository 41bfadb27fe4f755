-- Subqueries: scalar, IN / NOT IN, EXISTS / NOT EXISTS, quantified comparisons, correlated subqueries, derived tables.

SELECT order_id, (SELECT MAX(amount) FROM orders) AS max_amount FROM orders;

SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE amount > 500);

SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders);

SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);

SELECT name FROM customers c WHERE NOT EXISTS (SELECT * FROM orders o WHERE o.customer_id = c.id AND o.amount > 1000);

SELECT order_id FROM orders WHERE amount > (SELECT AVG(amount) FROM orders);

SELECT order_id FROM orders o
WHERE o.amount > (SELECT AVG(i.amount) FROM orders i WHERE i.customer_id = o.customer_id);

SELECT order_id FROM orders WHERE amount > ALL (SELECT amount FROM refunds);

SELECT order_id FROM orders WHERE amount >= SOME (SELECT threshold FROM limits);

SELECT order_id FROM orders WHERE customer_id = ANY (SELECT id FROM customers WHERE city = 'Berlin');

SELECT b FROM source_t1
WHERE (CASE WHEN a IN (SELECT 1 FROM source_t3) THEN 1 ELSE 2 END) IN (SELECT d FROM source_t2 WHERE source_t1.c = source_t2.f);

SELECT t2.ext.nested.nested1.nested2
FROM source_t2 t2
WHERE NOT EXISTS (SELECT 1 FROM source_t1 t1 WHERE t1.ext.nested = t2.ext.nested.nested1.nested2);

SELECT (order_id, customer_id) IN (SELECT order_id, customer_id FROM flagged) AS is_flagged FROM orders;

SELECT * FROM (
  SELECT customer_id, SUM(amount) AS spent
  FROM (SELECT * FROM orders WHERE currency = 'EUR') AS eur
  GROUP BY customer_id
) AS per_customer
WHERE spent > 100;

SELECT name FROM employee WHERE deptno IN (SELECT department_num FROM department);

SELECT c.name, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS order_cnt FROM customers c;
