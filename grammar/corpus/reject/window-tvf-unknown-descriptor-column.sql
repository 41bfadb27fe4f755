-- error: Column 'click_time' not found
-- at: 12:35
-- hint: did you mean click_ts?
CREATE TABLE clicks (
  user_id  BIGINT,
  url      STRING,
  click_ts TIMESTAMP(3),
  WATERMARK FOR click_ts AS click_ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

SELECT * FROM TABLE(
  TUMBLE(TABLE clicks, DESCRIPTOR(click_time), INTERVAL '1' MINUTE));
