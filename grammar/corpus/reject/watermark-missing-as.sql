-- error: Unexpected identifier 'ts'
-- at: 5:20
CREATE TABLE t (
  ts TIMESTAMP(3),
  WATERMARK FOR ts ts - INTERVAL '1' SECOND
);
