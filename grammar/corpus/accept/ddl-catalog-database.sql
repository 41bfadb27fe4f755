-- CREATE / DROP / USE CATALOG and DATABASE, USE MODULES, LOAD / UNLOAD MODULE.

CREATE CATALOG lake WITH (
  'type' = 'paimon',
  'warehouse' = 's3://lake/warehouse'
);

CREATE CATALOG IF NOT EXISTS hive_cat WITH (
  'type' = 'hive',
  'hive-conf-dir' = '/opt/hive/conf'
);

CREATE CATALOG mem_cat COMMENT 'in-memory scratch catalog' WITH ('type' = 'generic_in_memory');

USE CATALOG lake;

USE CATALOG `my-env`;

DROP CATALOG hive_cat;

DROP CATALOG IF EXISTS mem_cat;

CREATE DATABASE sales_db;

CREATE DATABASE IF NOT EXISTS analytics;

CREATE DATABASE lake.bronze COMMENT 'raw ingested data';

CREATE DATABASE IF NOT EXISTS lake.silver
COMMENT 'cleaned data'
WITH ('owner' = 'data-eng', 'retention' = '90d');

USE sales_db;

USE lake.bronze;

USE `my-env`.`my-cluster`;

DROP DATABASE analytics;

DROP DATABASE IF EXISTS lake.silver;

DROP DATABASE IF EXISTS lake.bronze CASCADE;

DROP DATABASE sales_db RESTRICT;

LOAD MODULE hive;

LOAD MODULE hive WITH ('hive-version' = '3.1.3');

UNLOAD MODULE hive;

USE MODULES hive;

USE MODULES hive, core;
