-- error: Unexpected keyword 'NOT'
-- at: 5:15
CREATE TABLE t (
  id BIGINT,
  PRIMARY KEY NOT ENFORCED
);
