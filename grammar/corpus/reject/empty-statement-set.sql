-- error: Unexpected keyword 'END'
-- at: 9:1
CREATE TABLE order_sink (
  order_id BIGINT,
  amount   DECIMAL(10, 2)
) WITH ('connector' = 'blackhole');

EXECUTE STATEMENT SET BEGIN
END;
