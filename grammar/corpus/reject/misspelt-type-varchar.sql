-- error: Unknown type 'VARCHR'
-- at: 5:8
-- hint: did you mean VARCHAR?
CREATE TABLE t (
  name VARCHR(10)
) WITH ('connector' = 'datagen');
