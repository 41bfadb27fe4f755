-- error: Unexpected identifier 'BYY'
-- at: 16:7
-- hint: did you mean BY?
CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');

SELECT customer_id, COUNT(*)
FROM orders
GROUP BYY customer_id;
