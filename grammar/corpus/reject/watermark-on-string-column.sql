-- error: Invalid data type of time field for watermark definition
-- at: 5:17
CREATE TABLE t (
  ts STRING,
  WATERMARK FOR ts AS ts
) WITH ('connector' = 'datagen');
