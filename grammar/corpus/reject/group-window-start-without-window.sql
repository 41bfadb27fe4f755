-- error: must have matching call to group function
-- at: 10:8
CREATE TABLE clicks (
  user_id  BIGINT,
  url      STRING,
  click_ts TIMESTAMP(3),
  WATERMARK FOR click_ts AS click_ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

SELECT TUMBLE_START(click_ts, INTERVAL '1' MINUTE), COUNT(*)
FROM clicks
GROUP BY user_id;
