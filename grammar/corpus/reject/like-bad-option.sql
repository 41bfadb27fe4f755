-- error: Unexpected identifier 'EVERYTHING'
-- at: 13:73
CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');

CREATE TABLE t2 WITH ('connector' = 'blackhole') LIKE orders (INCLUDING EVERYTHING);
