-- error: Unexpected identifier 'PARTITON'
-- at: 14:26
-- hint: did you mean PARTITION?
CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');

SELECT SUM(amount) OVER (PARTITON BY customer_id ORDER BY order_time)
FROM orders;
