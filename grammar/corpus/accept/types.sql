-- Data types in DDL and CAST: character, binary, exact and approximate numerics, date/time types,
-- TIMESTAMP_LTZ, intervals, ARRAY / MAP / MULTISET / ROW (both ROW forms), suffix collection types,
-- nested types and NOT NULL / NULL on every level.

CREATE TABLE all_char_types (
  c1 CHAR,
  c2 CHAR(10),
  c3 VARCHAR,
  c4 VARCHAR(255),
  c5 STRING,
  c6 CHARACTER(3),
  c7 CHARACTER VARYING(40)
) WITH ('connector' = 'blackhole');

CREATE TABLE all_binary_types (
  b1 BINARY,
  b2 BINARY(16),
  b3 VARBINARY,
  b4 VARBINARY(1024),
  b5 BYTES
) WITH ('connector' = 'blackhole');

CREATE TABLE all_numeric_types (
  n1 DECIMAL,
  n2 DECIMAL(10),
  n3 DECIMAL(10, 2),
  n4 DEC(5, 1),
  n5 NUMERIC(38, 18),
  n6 NUMERIC,
  n7 TINYINT,
  n8 SMALLINT,
  n9 INT,
  n10 INTEGER,
  n11 BIGINT,
  n12 FLOAT,
  n13 DOUBLE,
  n14 DOUBLE PRECISION,
  n15 BOOLEAN
) WITH ('connector' = 'blackhole');

CREATE TABLE all_time_types (
  t1 DATE,
  t2 TIME,
  t3 TIME(3),
  t4 TIMESTAMP,
  t5 TIMESTAMP(3),
  t6 TIMESTAMP(9) WITHOUT TIME ZONE,
  t7 TIMESTAMP WITHOUT TIME ZONE,
  t8 TIMESTAMP_LTZ,
  t9 TIMESTAMP_LTZ(3),
  t10 TIMESTAMP(3) WITH LOCAL TIME ZONE,
  t11 TIMESTAMP WITH LOCAL TIME ZONE,
  t12 TIME(0) WITHOUT TIME ZONE
) WITH ('connector' = 'blackhole');

CREATE TABLE all_interval_types (
  i1 INTERVAL YEAR,
  i2 INTERVAL YEAR(4),
  i3 INTERVAL YEAR TO MONTH,
  i4 INTERVAL YEAR(2) TO MONTH,
  i5 INTERVAL MONTH,
  i6 INTERVAL DAY,
  i7 INTERVAL DAY(2) TO SECOND(3),
  i8 INTERVAL DAY TO HOUR,
  i9 INTERVAL DAY(1) TO MINUTE,
  i10 INTERVAL HOUR,
  i11 INTERVAL HOUR TO SECOND(6),
  i12 INTERVAL MINUTE TO SECOND,
  i13 INTERVAL SECOND(3),
  i14 INTERVAL SECOND(2, 6)
) WITH ('connector' = 'blackhole');

CREATE TABLE collection_types (
  a1 ARRAY<INT>,
  a2 ARRAY<STRING NOT NULL>,
  a3 ARRAY<ARRAY<DOUBLE>>,
  a4 INT ARRAY,
  a5 ROW<x INT> ARRAY,
  m1 MAP<STRING, INT>,
  m2 MAP<STRING NOT NULL, ARRAY<BIGINT>>,
  ms1 MULTISET<STRING>,
  ms2 INT MULTISET
) WITH ('connector' = 'blackhole');

CREATE TABLE row_types (
  r1 ROW<id BIGINT, name STRING>,
  r2 ROW<id BIGINT NOT NULL 'the primary id', name STRING 'display name'>,
  r3 ROW(id BIGINT, name STRING),
  r4 ROW(lat DOUBLE 'latitude', lon DOUBLE 'longitude'),
  r6 ROW<`value` STRING, `count` INT, `timestamp` TIMESTAMP(3)>,
  r7 ROW<a INT, b ROW<c STRING, d ARRAY<ROW<e INT NOT NULL>>>>
) WITH ('connector' = 'blackhole');

CREATE TABLE nullability (
  x1 INT NOT NULL,
  x2 INT NULL,
  x3 ARRAY<INT NOT NULL> NOT NULL,
  x4 MAP<STRING NOT NULL, ROW<v DOUBLE NOT NULL> NULL> NOT NULL,
  x5 ROW<a ARRAY<MAP<STRING, INT NOT NULL> NOT NULL> NOT NULL> NOT NULL,
  x6 MULTISET<STRING NOT NULL> NULL
) WITH ('connector' = 'blackhole');

CREATE TABLE raw_types (
  j1 RAW('java.lang.Object', 'AEdvcmcuYXBhY2hlLmZsaW5rLmFwaS5jb21tb24'),
  v1 VARCHAR(2147483647) NOT NULL
) WITH ('connector' = 'blackhole');

SELECT
  CAST(x AS CHAR(3)), CAST(x AS VARCHAR(10)), CAST(x AS STRING),
  CAST(x AS BINARY(4)), CAST(x AS VARBINARY(8)), CAST(x AS BYTES)
FROM raw_values;

SELECT
  CAST(x AS DECIMAL(10, 2)), CAST(x AS DEC(4)), CAST(x AS NUMERIC), CAST(x AS TINYINT), CAST(x AS SMALLINT),
  CAST(x AS INT), CAST(x AS INTEGER), CAST(x AS BIGINT), CAST(x AS FLOAT), CAST(x AS DOUBLE), CAST(x AS DOUBLE PRECISION),
  CAST(x AS BOOLEAN)
FROM raw_values;

SELECT
  CAST(x AS DATE), CAST(x AS TIME), CAST(x AS TIME(3)), CAST(x AS TIMESTAMP), CAST(x AS TIMESTAMP(3)),
  CAST(x AS TIMESTAMP(6) WITHOUT TIME ZONE), CAST(x AS TIMESTAMP_LTZ), CAST(x AS TIMESTAMP_LTZ(3)),
  CAST(x AS TIMESTAMP(3) WITH LOCAL TIME ZONE)
FROM raw_values;

SELECT
  CAST(x AS ARRAY<INT>), CAST(x AS MAP<STRING, STRING>), CAST(x AS ROW<a INT, b STRING>),
  CAST(x AS ROW(a INT, b STRING)), CAST(x AS INT ARRAY), CAST(x AS MULTISET<STRING>)
FROM raw_values;

SELECT CAST(x AS INTERVAL DAY(2) TO SECOND(3)), CAST(x AS INTERVAL YEAR TO MONTH) FROM raw_values;

SELECT TRY_CAST(x AS DECIMAL(38, 18)), TRY_CAST(x AS TIMESTAMP_LTZ(6)), TRY_CAST(x AS ARRAY<BIGINT>) FROM raw_values;

SELECT CAST(CAST(x AS VARCHAR(5)) AS INT) FROM raw_values;

create table lower_case_types (a int not null, b varchar(3), c timestamp_ltz(3), d array<string>, e map<string, bigint>, f row<g double>) with ('connector' = 'blackhole');
