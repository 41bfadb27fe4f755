-- CREATE / DROP VIEW and CREATE / DROP FUNCTION, DROP TABLE.

CREATE VIEW order_summary AS
SELECT customer_id, COUNT(*) AS order_cnt, SUM(amount) AS spent
FROM orders
GROUP BY customer_id;

CREATE VIEW IF NOT EXISTS eu_customers AS SELECT * FROM customers WHERE city IN ('Berlin', 'Paris', 'Madrid');

CREATE TEMPORARY VIEW recent_clicks AS
SELECT user_id, url, click_ts
FROM clicks
WHERE click_ts > CURRENT_TIMESTAMP - INTERVAL '1' HOUR;

CREATE TEMPORARY VIEW IF NOT EXISTS big_spenders (customer_id, spent) AS
SELECT customer_id, SUM(amount) FROM orders GROUP BY customer_id HAVING SUM(amount) > 10000;

CREATE VIEW analytics.daily_revenue (dt, revenue)
COMMENT 'revenue per calendar day'
AS SELECT CAST(order_time AS DATE), SUM(amount) FROM orders GROUP BY CAST(order_time AS DATE);

CREATE VIEW users_nulls AS
SELECT * FROM (VALUES ('1', 'Gus'), (CAST(NULL AS STRING), 'NullUser')) AS t(user_id, name);

CREATE VIEW windowed_bids AS
SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES));

CREATE VIEW order_with_rates AS
WITH latest AS (SELECT currency, rate FROM currency_rates)
SELECT o.order_id, o.amount * l.rate AS amount_usd
FROM orders AS o
JOIN latest AS l ON o.currency = l.currency;

DROP VIEW order_summary;

DROP VIEW IF EXISTS analytics.daily_revenue;

DROP TEMPORARY VIEW recent_clicks;

DROP TEMPORARY VIEW IF EXISTS big_spenders;

DROP TABLE orders_copy;

DROP TABLE IF EXISTS cat1.sales_db.orders_mirror;

DROP TEMPORARY TABLE print_sink;

DROP TEMPORARY TABLE IF EXISTS payments;

CREATE FUNCTION normalize_email AS 'com.example.udf.NormalizeEmail';

CREATE FUNCTION IF NOT EXISTS sales_db.mask_card AS 'com.example.udf.MaskCard' LANGUAGE JAVA;

CREATE TEMPORARY FUNCTION parse_agent AS 'com.example.udf.ParseUserAgent' LANGUAGE SCALA;

CREATE TEMPORARY SYSTEM FUNCTION geo_hash AS 'com.example.udf.GeoHash';

CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS sentiment AS 'udfs.sentiment.score' LANGUAGE PYTHON;

CREATE FUNCTION split_words AS 'com.example.udtf.SplitWords' USING JAR 'file:///opt/udfs/text-udfs-1.2.jar';

CREATE FUNCTION cat1.sales_db.tax_for
AS 'com.example.udf.TaxFor'
LANGUAGE JAVA
USING JAR 's3://artifacts/tax-udfs.jar', JAR 's3://artifacts/tax-rules.jar';

DROP FUNCTION normalize_email;

DROP FUNCTION IF EXISTS sales_db.mask_card;

DROP TEMPORARY FUNCTION parse_agent;

DROP TEMPORARY SYSTEM FUNCTION IF EXISTS geo_hash;
