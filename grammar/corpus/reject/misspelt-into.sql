-- error: Unexpected identifier 'INOT'
-- at: 9:8
-- hint: did you mean INTO?
CREATE TABLE order_sink (
  order_id BIGINT,
  amount   DECIMAL(10, 2)
) WITH ('connector' = 'blackhole');

INSERT INOT order_sink VALUES (1, 2.50);
