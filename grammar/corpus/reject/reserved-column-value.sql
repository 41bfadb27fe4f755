-- error: Unexpected keyword 'VALUE'
-- at: 5:3
CREATE TABLE metrics (
  name STRING,
  value DOUBLE
) WITH ('connector' = 'datagen');
