-- error: Column 'id' is ambiguous
-- at: 25:8
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

CREATE TABLE payments (
  id       BIGINT,
  order_id BIGINT,
  paid     DECIMAL(10, 2)
) WITH ('connector' = 'datagen');

SELECT id, paid
FROM customers
JOIN payments ON customers.id = payments.order_id;
