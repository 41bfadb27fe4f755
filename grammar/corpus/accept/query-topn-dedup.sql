-- Top-N, deduplication, window Top-N and window deduplication with ROW_NUMBER / RANK / DENSE_RANK.

SELECT product_id, category, product_name, sales
FROM (
  SELECT *,
    ROW_NUMBER() OVER (PARTITION BY category ORDER BY sales DESC) AS row_num
  FROM shop_sales)
WHERE row_num <= 5;

SELECT product_id, category, sales
FROM (
  SELECT *, RANK() OVER (PARTITION BY category ORDER BY sales DESC) AS rnk
  FROM shop_sales)
WHERE rnk <= 3;

SELECT product_id, category, sales
FROM (
  SELECT *, DENSE_RANK() OVER (PARTITION BY category ORDER BY sales DESC) AS drnk
  FROM shop_sales) t
WHERE drnk = 1;

SELECT a, b FROM (SELECT a, b, ROW_NUMBER() OVER (PARTITION BY b ORDER BY a DESC) rn FROM my_table) t WHERE rn = 1;

SELECT order_id, customer_id, order_time
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY proc_time ASC) AS row_num
  FROM orders)
WHERE row_num = 1;

SELECT order_id, customer_id, order_time
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY order_time DESC) AS row_num
  FROM orders)
WHERE row_num = 1;

select * from (select a, b, row_number() over(partition by b order by c) as c from my_table) where c = 1;

SELECT *
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
  FROM (
    SELECT window_start, window_end, supplier_id, SUM(price) AS price, COUNT(*) AS cnt
    FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end, supplier_id
  )
) WHERE rownum <= 3;

SELECT *
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
) WHERE rownum <= 3;

SELECT *
FROM (
  SELECT bidtime, price, item, supplier_id, window_start, window_end,
    ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY bidtime DESC) AS rownum
  FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
) WHERE rownum <= 1;

SELECT *
FROM (
  SELECT bid_time, price, item, window_start, window_end,
    ROW_NUMBER() OVER (PARTITION BY window_start, window_end, item ORDER BY bid_time ASC) AS row_num
  FROM TABLE(HOP(TABLE bid_t, DESCRIPTOR(bid_time), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
) WHERE row_num < 2;

SELECT * FROM (
  SELECT a, b, count_c,
    ROW_NUMBER() OVER (PARTITION BY b ORDER BY count_c DESC, a ASC) AS row_num
  FROM (SELECT a, b, COUNT(*) AS count_c FROM my_table GROUP BY a, b)
) WHERE row_num <= 10;
