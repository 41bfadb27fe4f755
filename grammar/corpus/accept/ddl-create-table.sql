-- CREATE TABLE: physical, computed and metadata columns, watermarks, primary keys, comments,
-- PARTITIONED BY, DISTRIBUTED BY / INTO, WITH options, LIKE clauses, CTAS and CREATE OR REPLACE TABLE AS.

CREATE TABLE orders (
  order_id    BIGINT,
  customer_id BIGINT,
  product     STRING,
  amount      DECIMAL(10, 2),
  currency    STRING,
  order_time  TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'orders',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'orders-reader',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json'
);

CREATE TABLE IF NOT EXISTS clicks (
  user_id   BIGINT,
  url       STRING,
  referrer  STRING,
  click_ts  TIMESTAMP(3),
  proc_time AS PROCTIME(),
  WATERMARK FOR click_ts AS click_ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen', 'rows-per-second' = '100');

CREATE TEMPORARY TABLE payments (
  payment_id STRING,
  order_id   BIGINT,
  paid       DECIMAL(12, 2),
  pay_time   TIMESTAMP(3)
) WITH ('connector' = 'datagen');

CREATE TEMPORARY TABLE IF NOT EXISTS print_sink (
  order_id BIGINT,
  total    DECIMAL(38, 2)
) WITH ('connector' = 'print');

create table users (
  user_id    BIGINT PRIMARY KEY NOT ENFORCED,
  name       STRING,
  email      STRING,
  country    STRING,
  created_at TIMESTAMP(3)
) with (
  'connector' = 'upsert-kafka',
  'topic' = 'users',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

CREATE TABLE customers (
  id      BIGINT,
  name    STRING,
  city    STRING,
  zipcode STRING,
  PRIMARY KEY (id) NOT ENFORCED
) WITH ('connector' = 'jdbc', 'url' = 'jdbc:mysql://localhost:3306/shop', 'table-name' = 'customers');

CREATE TABLE order_lines (
  order_id BIGINT,
  line_no  INT,
  sku      STRING,
  qty      INT,
  CONSTRAINT pk_order_lines PRIMARY KEY (order_id, line_no) NOT ENFORCED
) WITH ('connector' = 'upsert-kafka', 'topic' = 'order-lines', 'key.format' = 'raw', 'value.format' = 'avro');

CREATE TABLE accounts (
  account_id STRING CONSTRAINT pk_accounts PRIMARY KEY NOT ENFORCED,
  balance    DECIMAL(18, 2)
) WITH ('connector' = 'datagen');

CREATE TABLE kafka_events (
  event_id   STRING,
  payload    STRING,
  `partition` BIGINT METADATA VIRTUAL,
  `offset`    BIGINT METADATA VIRTUAL,
  event_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  topic_name STRING METADATA FROM 'topic' VIRTUAL,
  headers    MAP<STRING, BYTES> METADATA,
  WATERMARK FOR event_time AS event_time - INTERVAL '10' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'events',
  'format' = 'json'
);

CREATE TABLE sensor_readings (
  sensor_id   STRING COMMENT 'physical sensor identifier',
  temperature DOUBLE COMMENT 'degrees celsius',
  humidity    DOUBLE,
  reading_ms  BIGINT,
  reading_ts  AS TO_TIMESTAMP_LTZ(reading_ms, 3) COMMENT 'derived from epoch millis',
  WATERMARK FOR reading_ts AS reading_ts - INTERVAL '2' SECOND
) COMMENT 'raw readings from the plant floor'
WITH ('connector' = 'kafka', 'topic' = 'sensors', 'format' = 'avro');

CREATE TABLE bids (
  bidtime     TIMESTAMP(3),
  price       DECIMAL(10, 2),
  item        STRING,
  supplier_id STRING,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'bids', 'format' = 'json');

CREATE TABLE page_views (
  view_id  BIGINT,
  user_id  BIGINT,
  page     STRING,
  dt       STRING,
  hr       STRING
) PARTITIONED BY (dt, hr) WITH (
  'connector' = 'filesystem',
  'path' = 's3://warehouse/page_views',
  'format' = 'parquet',
  'sink.partition-commit.policy.kind' = 'success-file'
);

CREATE TABLE orders_by_customer (
  customer_id BIGINT,
  order_id    BIGINT,
  amount      DECIMAL(10, 2)
) DISTRIBUTED BY HASH(customer_id) INTO 6 BUCKETS
WITH ('connector' = 'kafka', 'topic' = 'orders-by-customer', 'format' = 'json');

CREATE TABLE shipments (
  shipment_id STRING,
  order_id    BIGINT,
  carrier     STRING
) DISTRIBUTED BY (order_id) INTO 4 BUCKETS;

CREATE TABLE audit_log (
  log_id  STRING,
  message STRING
) DISTRIBUTED INTO 3 BUCKETS;

CREATE TABLE device_status (
  device_id STRING,
  online    BOOLEAN
) DISTRIBUTED BY HASH(device_id);

CREATE TABLE regional_sales (
  region  STRING,
  dt      STRING,
  revenue DECIMAL(20, 2)
) COMMENT 'daily revenue per region'
DISTRIBUTED BY HASH(region) INTO 8 BUCKETS
PARTITIONED BY (dt)
WITH ('connector' = 'filesystem', 'path' = '/tmp/regional_sales', 'format' = 'csv');

CREATE TABLE confluent_orders (
  order_id   BIGINT NOT NULL,
  product_id STRING,
  price      DOUBLE
);

CREATE TABLE orders_with_pk (
  order_id BIGINT NOT NULL,
  status   STRING,
  PRIMARY KEY (order_id) NOT ENFORCED
) DISTRIBUTED BY HASH(order_id) INTO 1 BUCKETS
WITH ('changelog.mode' = 'upsert', 'kafka.retention.time' = '7 d');

CREATE TABLE orders_copy WITH ('topic' = 'orders-copy') LIKE orders;

CREATE TABLE orders_json
WITH ('format' = 'json', 'scan.startup.mode' = 'latest-offset')
LIKE orders (EXCLUDING OPTIONS);

CREATE TABLE orders_no_wm (
  extra STRING
) WITH ('connector' = 'blackhole')
LIKE orders (
  INCLUDING ALL
  EXCLUDING WATERMARKS
  OVERWRITING OPTIONS
);

CREATE TABLE orders_enriched (
  ingest_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  WATERMARK FOR ingest_time AS ingest_time - INTERVAL '3' SECOND
) WITH ('topic' = 'orders-enriched')
LIKE orders (
  EXCLUDING CONSTRAINTS
  EXCLUDING PARTITIONS
  INCLUDING GENERATED
  OVERWRITING WATERMARKS
  INCLUDING METADATA
  OVERWRITING OPTIONS
);

CREATE TABLE cat1.sales_db.orders_mirror WITH ('connector' = 'blackhole') LIKE default_catalog.default_database.orders (EXCLUDING ALL);

CREATE TABLE big_orders AS SELECT * FROM orders WHERE amount > 1000;

CREATE TABLE big_orders_kafka
WITH ('connector' = 'kafka', 'topic' = 'big-orders', 'format' = 'json')
AS SELECT order_id, customer_id, amount
   FROM orders
   WHERE amount > 1000;

CREATE TABLE IF NOT EXISTS revenue_per_product (
  product STRING,
  revenue DECIMAL(38, 2),
  PRIMARY KEY (product) NOT ENFORCED
) WITH ('connector' = 'upsert-kafka', 'topic' = 'revenue', 'key.format' = 'json', 'value.format' = 'json')
AS SELECT product, SUM(amount) AS revenue FROM orders GROUP BY product;

CREATE TABLE orders_per_user (
  user_id BIGINT,
  cnt     BIGINT
) AS SELECT customer_id AS user_id, COUNT(*) AS cnt FROM orders GROUP BY customer_id;

CREATE TABLE clicks_by_hour
DISTRIBUTED BY HASH(url) INTO 4 BUCKETS
WITH ('connector' = 'kafka', 'topic' = 'clicks-hourly', 'format' = 'avro')
AS SELECT url, window_start, window_end, COUNT(*) AS view_cnt
   FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(click_ts), INTERVAL '1' HOUR))
   GROUP BY url, window_start, window_end;

CREATE OR REPLACE TABLE eu_orders
WITH ('connector' = 'kafka', 'topic' = 'eu-orders', 'format' = 'json')
AS SELECT * FROM orders WHERE currency = 'EUR';

CREATE OR REPLACE TABLE order_totals AS
SELECT order_id, SUM(qty) AS units
FROM order_lines
GROUP BY order_id;

CREATE TABLE `my-env`.`my-cluster`.`orders-v2` (
  `order-id` BIGINT,
  `customer name` STRING
) WITH ('connector' = 'datagen');

CREATE TABLE nested_events (
  id       BIGINT,
  device   ROW<model STRING, os ROW<name STRING, version STRING>>,
  tags     ARRAY<STRING>,
  counters MAP<STRING, BIGINT>,
  location ROW<lat DOUBLE, lon DOUBLE> NOT NULL
) WITH ('connector' = 'datagen');

CREATE TABLE currency_rates (
  currency    STRING,
  rate        DECIMAL(32, 10),
  update_time TIMESTAMP(3),
  WATERMARK FOR update_time AS update_time,
  PRIMARY KEY (currency) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'currency-rates',
  'key.format' = 'raw',
  'value.format' = 'json'
);

CREATE TABLE source_wm (
  a  INT,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS SOURCE_WATERMARK()
) WITH ('connector' = 'kafka', 'topic' = 't', 'format' = 'json');

CREATE TABLE strict_wm (
  ts TIMESTAMP(3),
  v  INT,
  WATERMARK FOR ts AS ts - INTERVAL '0.001' SECOND
) WITH ('connector' = 'datagen');

CREATE TABLE cdc_orders (
  id         BIGINT,
  status     STRING,
  updated_at TIMESTAMP(3),
  op_ts      TIMESTAMP_LTZ(3) METADATA FROM 'value.source.timestamp' VIRTUAL,
  PRIMARY KEY (id) NOT ENFORCED
) WITH (
  'connector' = 'kafka',
  'topic' = 'dbserver1.inventory.orders',
  'format' = 'debezium-json'
);

-- the column list may contain a trailing watermark after computed columns that use functions
CREATE TABLE auctions (
  id                BIGINT,
  category          STRING,
  auction_ts_str    STRING,
  expires_ts_str    STRING,
  auction_ts        AS TO_TIMESTAMP(auction_ts_str),
  expires           AS TO_TIMESTAMP(expires_ts_str),
  WATERMARK FOR auction_ts AS auction_ts - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

CREATE TABLE ticker (
  symbol  STRING,
  price   BIGINT,
  tax     BIGINT,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'ticker', 'format' = 'json');
