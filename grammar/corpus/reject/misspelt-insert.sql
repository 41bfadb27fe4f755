-- error: Unexpected identifier 'INSRT'
-- at: 9:1
-- hint: did you mean INSERT?
CREATE TABLE order_sink (
  order_id BIGINT,
  amount   DECIMAL(10, 2)
) WITH ('connector' = 'blackhole');

INSRT INTO order_sink VALUES (1, 2.50);
