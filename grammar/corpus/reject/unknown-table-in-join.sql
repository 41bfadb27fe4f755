-- error: Object 'customer' not found
-- at: 22:6
-- hint: did you mean customers?
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

SELECT o.order_id, c.name
FROM orders o
JOIN customer c ON o.customer_id = c.id;
