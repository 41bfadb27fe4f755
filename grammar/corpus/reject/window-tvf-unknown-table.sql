-- error: Object 'click' not found
-- at: 11:34
-- hint: did you mean clicks?
CREATE TABLE clicks (
  user_id  BIGINT,
  url      STRING,
  click_ts TIMESTAMP(3),
  WATERMARK FOR click_ts AS click_ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

SELECT * FROM TABLE(TUMBLE(TABLE click, DESCRIPTOR(click_ts), INTERVAL '1' MINUTE));
