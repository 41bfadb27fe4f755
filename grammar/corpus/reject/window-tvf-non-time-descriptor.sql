-- error: must be a time attribute
-- at: 11:35
CREATE TABLE clicks (
  user_id  BIGINT,
  url      STRING,
  click_ts TIMESTAMP(3),
  WATERMARK FOR click_ts AS click_ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

SELECT * FROM TABLE(
  TUMBLE(TABLE clicks, DESCRIPTOR(url), INTERVAL '1' MINUTE));
