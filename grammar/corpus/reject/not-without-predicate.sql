-- error: Unexpected number '100'
-- at: 13:39
CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');

SELECT * FROM orders WHERE amount NOT 100;
