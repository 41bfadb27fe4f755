-- error: Unexpected keyword 'WHERE'
-- at: 19:44
CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');

CREATE TABLE customers (
  id   BIGINT,
  name STRING,
  city STRING
) WITH ('connector' = 'datagen');

SELECT * FROM orders o JOIN customers c ON WHERE o.amount > 1;
