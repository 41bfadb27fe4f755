-- error: Unexpected symbol ';'
-- at: 8:23
CREATE TABLE order_sink (
  order_id BIGINT,
  amount   DECIMAL(10, 2)
) WITH ('connector' = 'blackhole');

INSERT INTO order_sink;
