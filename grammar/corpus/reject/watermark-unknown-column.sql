-- error: rowtime attribute field 'event_tsx'
-- at: 7:17
-- hint: did you mean event_ts?
CREATE TABLE events (
  id BIGINT,
  event_ts TIMESTAMP(3),
  WATERMARK FOR event_tsx AS event_tsx - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');
