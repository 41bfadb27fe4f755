-- error: Unexpected identifier 'JION'
-- at: 22:1
-- hint: did you mean JOIN?
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

SELECT *
FROM orders o
JION customers c ON o.customer_id = c.id;
