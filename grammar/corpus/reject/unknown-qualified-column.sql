-- error: Column 'nam' not found in table 'c'
-- at: 20:22
-- hint: did you mean name?
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

SELECT o.order_id, c.nam
FROM orders o JOIN customers c ON o.customer_id = c.id;
