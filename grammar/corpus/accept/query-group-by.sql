-- Group aggregation: GROUP BY, HAVING, GROUPING SETS, ROLLUP, CUBE, GROUPING(), GROUPING_ID, DISTINCT and FILTER aggregates.

SELECT customer_id, COUNT(*) AS order_cnt, SUM(amount) AS spent
FROM orders
GROUP BY customer_id;

SELECT customer_id, currency, AVG(amount), MIN(amount), MAX(amount)
FROM orders
GROUP BY customer_id, currency;

SELECT COUNT(*) FROM orders;

SELECT COUNT(1), COUNT(DISTINCT customer_id), SUM(DISTINCT amount) FROM orders;

SELECT customer_id, SUM(amount) AS spent
FROM orders
GROUP BY customer_id
HAVING SUM(amount) > 1000 AND COUNT(*) >= 3;

SELECT currency, COUNT(*) FILTER (WHERE amount > 100) AS big_orders, COUNT(*) AS all_orders
FROM orders
GROUP BY currency;

SELECT b, COUNT(*) AS cnt, AVG(a) FILTER (WHERE a > 1) AS avg_a, MIN(c) AS min_c FROM source_t GROUP BY b;

SELECT e, COUNT(DISTINCT a) FILTER (WHERE b > 10) AS cnt_a1, COUNT(DISTINCT a) AS cnt_a2, SUM(DISTINCT b) AS sum_b
FROM source_t
GROUP BY e;

SELECT supplier_id, rating, COUNT(*) AS total
FROM (VALUES
    ('supplier1', 'product1', 4),
    ('supplier1', 'product2', 3),
    ('supplier2', 'product3', 3),
    ('supplier2', 'product4', 4))
AS Products(supplier_id, product_id, rating)
GROUP BY GROUPING SETS ((supplier_id, rating), (supplier_id), ());

SELECT supplier_id, rating, COUNT(*)
FROM (VALUES
    ('supplier1', 'product1', 4),
    ('supplier2', 'product3', 3))
AS Products(supplier_id, product_id, rating)
GROUP BY ROLLUP (supplier_id, rating);

SELECT region, product, SUM(amount)
FROM regional_orders
GROUP BY CUBE (region, product);

SELECT region, product, SUM(amount), GROUPING(region) AS g_region, GROUPING(region, product) AS g_both
FROM regional_orders
GROUP BY GROUPING SETS ((region, product), (region), ());

SELECT region, product, GROUPING_ID(region, product) AS gid, SUM(amount)
FROM regional_orders
GROUP BY ROLLUP (region, product);

SELECT region, product, channel, SUM(amount)
FROM regional_orders
GROUP BY region, ROLLUP (product, channel);

SELECT region, SUM(amount)
FROM regional_orders
GROUP BY GROUPING SETS (region, ());

SELECT currency, LISTAGG(CAST(order_id AS STRING), ',') AS ids, COLLECT(product) AS products
FROM orders
GROUP BY currency;

SELECT customer_id, FIRST_VALUE(product) AS first_product, LAST_VALUE(product) AS last_product
FROM orders
GROUP BY customer_id;

SELECT customer_id, STDDEV_POP(amount), STDDEV_SAMP(amount), VAR_POP(amount), VAR_SAMP(amount)
FROM orders
GROUP BY customer_id;

SELECT CAST(order_time AS DATE) AS dt, COUNT(*)
FROM orders
GROUP BY CAST(order_time AS DATE)
HAVING COUNT(*) > 10
ORDER BY dt;

SELECT /*+ STATE_TTL('orders' = '1d') */ customer_id, COUNT(*) FROM orders GROUP BY customer_id;

select a, count(distinct b) as b, first_value(c) c from my_table group by a;

SELECT
  b,
  SUM(b1) AS sum_b,
  COUNT(DISTINCT b1) AS cnt_distinct_b,
  COUNT(1) AS cnt_1
FROM (
  SELECT a, COUNT(b) AS b, MAX(b) AS b1
  FROM source_t
  GROUP BY a
)
GROUP BY b;
