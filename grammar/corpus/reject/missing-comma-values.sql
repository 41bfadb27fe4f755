-- error: Unexpected symbol '('
-- at: 8:41
CREATE TABLE order_sink (
  order_id BIGINT,
  amount   DECIMAL(10, 2)
) WITH ('connector' = 'blackhole');

INSERT INTO order_sink VALUES (1, 2.50) (2, 3.75);
