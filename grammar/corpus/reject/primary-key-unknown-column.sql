-- error: Column 'uid' does not exist
-- at: 6:16
-- hint: did you mean id?
CREATE TABLE t (
  id BIGINT,
  PRIMARY KEY (uid) NOT ENFORCED
) WITH ('connector' = 'datagen');
