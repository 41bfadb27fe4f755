-- error: Unexpected keyword 'FOR'
-- at: 6:14
CREATE TABLE events (
  id BIGINT,
  ts TIMESTAMP(3),
  WATERMARKK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');
