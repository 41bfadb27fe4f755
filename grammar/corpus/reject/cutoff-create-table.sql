-- error: Unexpected end of input
-- at: 5:14
CREATE TABLE t (
  id BIGINT,
  name STRING
