-- Basic SELECT: projection, DISTINCT/ALL, *, t.*, aliases, WHERE, ORDER BY, LIMIT, OFFSET/FETCH,
-- WITH (CTEs), VALUES, parenthesised queries.

SELECT * FROM orders;

SELECT order_id, amount FROM orders;

SELECT DISTINCT currency FROM orders;

SELECT ALL currency FROM orders;

SELECT o.* FROM orders AS o;

SELECT o.*, c.name FROM orders o, customers c WHERE o.customer_id = c.id;

SELECT order_id AS id, amount total, currency AS cur FROM orders;

SELECT order_id, amount * 1.19 AS gross FROM orders WHERE currency = 'EUR' AND amount > 0;

SELECT order_id FROM orders WHERE NOT (amount < 10 OR currency <> 'USD');

SELECT order_id, amount FROM orders ORDER BY order_time;

SELECT order_id, amount FROM orders ORDER BY amount DESC, order_id ASC;

SELECT order_id, discount FROM orders ORDER BY discount DESC NULLS LAST, order_id NULLS FIRST;

SELECT * FROM orders ORDER BY amount DESC LIMIT 10;

SELECT * FROM orders ORDER BY order_id LIMIT 10 OFFSET 20;

SELECT * FROM orders ORDER BY order_id OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY;

SELECT * FROM orders ORDER BY order_id OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY;

SELECT * FROM orders FETCH FIRST 3 ROWS ONLY;

SELECT * FROM orders LIMIT 3;

SELECT 1;

SELECT 'hello' AS greeting, 42 AS answer, TRUE AS flag;

VALUES (1, 'a'), (2, 'b'), (3, 'c');

SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, label);

SELECT id, label FROM (VALUES (1, 'a'), (2, 'b')) t (id, label) WHERE id > 1;

SELECT * FROM (VALUES (1, 2, 'Hi'), (3, 4, 'Hello'));

WITH eur_orders AS (
  SELECT * FROM orders WHERE currency = 'EUR'
)
SELECT order_id, amount FROM eur_orders;

WITH
  per_customer AS (
    SELECT customer_id, SUM(amount) AS spent, COUNT(*) AS order_cnt
    FROM orders
    GROUP BY customer_id
  ),
  top_customers AS (
    SELECT customer_id, spent FROM per_customer WHERE spent > 5000
  )
SELECT c.name, t.spent
FROM top_customers AS t
JOIN customers AS c ON t.customer_id = c.id
ORDER BY t.spent DESC
LIMIT 100;

WITH totals (customer_id, spent) AS (
  SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id
)
SELECT * FROM totals;

(SELECT order_id FROM orders);

((SELECT order_id FROM orders WHERE amount > 5) ORDER BY order_id LIMIT 5);

SELECT * FROM (SELECT order_id, amount FROM orders) AS sub WHERE sub.amount > 100;

SELECT * FROM (SELECT order_id, amount FROM orders) WHERE amount > 100;

SELECT sub.total FROM (SELECT SUM(amount) AS total FROM orders) sub;

Select Order_Id, Amount From Orders Where Amount > 10 Order By Amount Desc;

SELECT
  order_id,        -- the key
  /* gross amount */ amount,
  currency         /* ISO code */
FROM orders        -- source table
WHERE amount > 0;  -- done

SELECT order_id, amount FROM orders WHERE customer_id = 7 /* trailing comment before semicolon */;
