-- INSERT INTO / INSERT OVERWRITE with column lists, static partitions, VALUES, target hints, EXECUTE INSERT.

INSERT INTO print_sink SELECT order_id, amount FROM orders;

INSERT INTO print_sink
SELECT order_id, SUM(amount) AS total
FROM orders
GROUP BY order_id;

INSERT INTO cat1.sales_db.orders_mirror SELECT * FROM orders;

INSERT INTO sales_db.big_orders SELECT * FROM orders WHERE amount > 1000;

INSERT INTO `my-env`.`my-cluster`.`orders-v2` (`order-id`, `customer name`)
SELECT order_id, CAST(customer_id AS STRING) FROM orders;

INSERT INTO print_sink (order_id, total) SELECT order_id, amount FROM orders;

INSERT INTO users VALUES (1, 'Alice', 'alice@example.com', 'DE', TIMESTAMP '2024-01-01 09:00:00');

INSERT INTO users (user_id, name, email)
VALUES
  (2, 'Bob', 'bob@example.com'),
  (3, 'Carol', 'carol@example.com'),
  (4, 'Dan', NULL);

INSERT INTO print_sink VALUES (1, 10.50), (2, 99.99), (3, CAST(NULL AS DECIMAL(38, 2)));

INSERT OVERWRITE page_views SELECT view_id, user_id, page, dt, hr FROM page_views_staging;

INSERT OVERWRITE page_views PARTITION (dt = '2024-05-01', hr = '10')
SELECT view_id, user_id, page FROM page_views_staging WHERE dt = '2024-05-01' AND hr = '10';

INSERT INTO page_views PARTITION (dt = '2024-05-01')
SELECT view_id, user_id, page, hr FROM page_views_staging;

INSERT INTO page_views PARTITION (dt = '2024-05-01') (view_id, user_id, page, hr)
SELECT view_id, user_id, page, hr FROM page_views_staging;

INSERT OVERWRITE regional_sales PARTITION (dt = '2024-05-02') VALUES ('EMEA', 1200.00), ('APAC', 830.50);

INSERT INTO orders_kafka /*+ OPTIONS('sink.parallelism' = '4', 'properties.transaction.timeout.ms' = '900000') */
SELECT * FROM orders;

INSERT INTO print_sink
WITH totals AS (
  SELECT order_id, SUM(amount) AS total FROM orders GROUP BY order_id
)
SELECT order_id, total FROM totals WHERE total > 100;

INSERT INTO print_sink
(SELECT order_id, amount FROM orders WHERE currency = 'EUR')
UNION ALL
(SELECT order_id, amount FROM orders WHERE currency = 'USD');

INSERT INTO clicks_by_hour
SELECT url, window_start, window_end, COUNT(*)
FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(click_ts), INTERVAL '1' HOUR))
GROUP BY url, window_start, window_end;

insert into print_sink select order_id, amount from orders where amount between 10 and 20;

INSERT INTO sink_t SELECT a, b FROM source_t WHERE a > CAST(420 AS BIGINT);

EXECUTE INSERT INTO print_sink SELECT order_id, amount FROM orders;

EXECUTE INSERT INTO page_views PARTITION (dt = '2024-05-03')
SELECT view_id, user_id, page, hr FROM page_views_staging;
