-- error: Column 'cust_id' not found in table 'c'
-- at: 19:62
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

SELECT * FROM orders o JOIN customers c ON o.customer_id = c.cust_id;
