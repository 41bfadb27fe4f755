-- error: Column 'clicks' not found in any table
-- at: 10:28
CREATE TABLE clicks (
  user_id  BIGINT,
  url      STRING,
  click_ts TIMESTAMP(3),
  WATERMARK FOR click_ts AS click_ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

SELECT * FROM TABLE(TUMBLE(clicks, DESCRIPTOR(click_ts), INTERVAL '1' MINUTE));
