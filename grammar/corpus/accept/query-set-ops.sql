-- Set operations: UNION [ALL|DISTINCT], INTERSECT [ALL|DISTINCT], EXCEPT [ALL|DISTINCT], nesting and parentheses.

SELECT customer_id FROM orders
UNION
SELECT user_id FROM users;

SELECT customer_id FROM orders
UNION ALL
SELECT user_id FROM users;

SELECT customer_id FROM orders
UNION DISTINCT
SELECT user_id FROM users;

SELECT customer_id FROM orders INTERSECT SELECT user_id FROM users;

SELECT customer_id FROM orders INTERSECT ALL SELECT user_id FROM users;

SELECT user_id FROM users EXCEPT SELECT customer_id FROM orders;

SELECT user_id FROM users EXCEPT ALL SELECT customer_id FROM orders;

(SELECT s FROM t1) UNION (SELECT s FROM t2);

(SELECT a, b FROM source_t1) UNION ALL (SELECT d, e FROM source_t2);

SELECT * FROM (SELECT a, b FROM source_t1) UNION (SELECT d, e FROM source_t2);

SELECT order_id FROM orders WHERE currency = 'EUR'
UNION ALL
SELECT order_id FROM orders WHERE currency = 'USD'
UNION ALL
SELECT order_id FROM orders WHERE currency = 'GBP'
ORDER BY order_id
LIMIT 50;

SELECT user_id FROM users
EXCEPT
(SELECT customer_id FROM orders INTERSECT SELECT user_id FROM premium_users);

WITH values_table AS (
  SELECT CAST('2024-01-01 10:00:00' AS TIMESTAMP_LTZ) AS event_time
  UNION ALL
  SELECT CAST('2024-01-01 10:05:00' AS TIMESTAMP_LTZ) AS event_time
)
SELECT * FROM values_table;

VALUES (1), (2) UNION ALL VALUES (3);
