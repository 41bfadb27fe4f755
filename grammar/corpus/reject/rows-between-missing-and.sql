-- error: Unexpected keyword 'CURRENT'
-- at: 13:71
CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');

SELECT SUM(amount) OVER (ORDER BY order_time ROWS BETWEEN 2 PRECEDING CURRENT ROW) FROM orders;
