-- error: Unexpected identifier 'SETT'
-- at: 19:19
-- hint: did you mean SET?
CREATE TABLE order_sink (
  order_id BIGINT,
  amount   DECIMAL(10, 2)
) WITH ('connector' = 'blackhole');

CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');

EXECUTE STATEMENT SETT BEGIN
  INSERT INTO order_sink SELECT order_id, amount FROM orders;
END;
