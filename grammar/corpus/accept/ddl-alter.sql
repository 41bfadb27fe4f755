-- ALTER TABLE (rename, options, add/modify/drop columns, keys, watermarks, distribution),
-- ALTER VIEW, ALTER DATABASE, ALTER FUNCTION and ALTER CATALOG.

ALTER TABLE orders RENAME TO orders_v1;

ALTER TABLE IF EXISTS staging.orders RENAME TO orders_archive;

ALTER TABLE orders SET ('scan.startup.mode' = 'latest-offset');

ALTER TABLE orders SET (
  'properties.group.id' = 'orders-reader-v2',
  'sink.parallelism' = '4'
);

ALTER TABLE orders RESET ('scan.startup.mode');

ALTER TABLE orders RESET ('sink.parallelism', 'properties.group.id');

ALTER TABLE orders ADD discount DECIMAL(5, 2);

ALTER TABLE orders ADD coupon_code STRING COMMENT 'promo code, if any' FIRST;

ALTER TABLE orders ADD shipping_fee DECIMAL(8, 2) AFTER amount;

ALTER TABLE orders ADD (
  channel    STRING COMMENT 'web, app or store',
  total_cost AS amount + shipping_fee AFTER shipping_fee,
  ingest_ts  TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL
);

ALTER TABLE users ADD PRIMARY KEY (user_id) NOT ENFORCED;

ALTER TABLE users ADD CONSTRAINT pk_users PRIMARY KEY (user_id) NOT ENFORCED;

ALTER TABLE clicks ADD WATERMARK FOR click_ts AS click_ts - INTERVAL '3' SECOND;

ALTER TABLE clicks ADD (
  session_id STRING,
  WATERMARK FOR click_ts AS click_ts - INTERVAL '1' MINUTE
);

ALTER TABLE orders MODIFY amount DECIMAL(12, 2) NOT NULL;

ALTER TABLE orders MODIFY product STRING COMMENT 'product name' AFTER customer_id;

ALTER TABLE orders MODIFY (
  amount   DECIMAL(14, 2) COMMENT 'gross amount',
  currency STRING FIRST
);

ALTER TABLE users MODIFY PRIMARY KEY (user_id, email) NOT ENFORCED;

ALTER TABLE clicks MODIFY WATERMARK FOR click_ts AS click_ts - INTERVAL '10' SECOND;

ALTER TABLE orders MODIFY WATERMARK FOR `$rowtime` AS `$rowtime` - INTERVAL '1' SECOND;

ALTER TABLE orders DROP discount;

ALTER TABLE orders DROP (coupon_code, shipping_fee);

ALTER TABLE orders DROP `channel`;

ALTER TABLE users DROP PRIMARY KEY;

ALTER TABLE users DROP CONSTRAINT pk_users;

ALTER TABLE clicks DROP WATERMARK;

ALTER TABLE orders RENAME product TO product_name;

ALTER TABLE `my-env`.`my-cluster`.`orders-v2` RENAME `customer name` TO customer_name;

ALTER TABLE orders ADD DISTRIBUTION BY HASH(order_id) INTO 6 BUCKETS;

ALTER TABLE shipments ADD DISTRIBUTION INTO 4 BUCKETS;

ALTER TABLE shipments MODIFY DISTRIBUTION BY (order_id) INTO 8 BUCKETS;

ALTER TABLE shipments DROP DISTRIBUTION;

ALTER TABLE page_views ADD PARTITION (dt = '2024-05-01', hr = '10');

ALTER TABLE page_views DROP PARTITION (dt = '2024-04-30', hr = '23');

ALTER VIEW order_summary RENAME TO order_summary_v1;

ALTER VIEW analytics.order_summary AS
SELECT customer_id, COUNT(*) AS orders, SUM(amount) AS spent
FROM orders
GROUP BY customer_id;

ALTER DATABASE sales_db SET ('owner' = 'data-platform', 'retention' = '30d');

ALTER DATABASE cat1.sales_db SET ('description' = 'sales domain');

ALTER FUNCTION normalize_email AS 'com.example.udf.NormalizeEmailV2';

ALTER TEMPORARY SYSTEM FUNCTION IF EXISTS geo_hash AS 'com.example.udf.GeoHash' LANGUAGE JAVA;

ALTER CATALOG lake SET ('default-database' = 'bronze');

ALTER CATALOG lake RESET ('default-database');

ALTER CATALOG lake COMMENT 'lakehouse catalog';
