-- Built-in functions, including the special-syntax ones: EXTRACT, FLOOR/CEIL ... TO, TRIM, POSITION, SUBSTRING,
-- OVERLAY, TIMESTAMPADD / TIMESTAMPDIFF, niladic CURRENT_TIMESTAMP / LOCALTIMESTAMP / CURRENT_DATE, PROCTIME().

SELECT EXTRACT(DAY FROM order_time), EXTRACT(YEAR FROM order_time), EXTRACT(HOUR FROM order_time) FROM orders;

SELECT EXTRACT(MONTH FROM DATE '2024-05-01'), EXTRACT(QUARTER FROM order_time), EXTRACT(WEEK FROM order_time), EXTRACT(SECOND FROM order_time) FROM orders;

SELECT extract(year from current_timestamp) / 2;

SELECT FLOOR(order_time TO HOUR), CEIL(order_time TO DAY), FLOOR(order_time TO MINUTE), CEIL(order_time TO MONTH) FROM orders;

SELECT FLOOR(amount), CEIL(amount), CEILING(amount), ROUND(amount, 2), TRUNCATE(amount, 1) FROM orders;

SELECT TRIM(BOTH 'x' FROM 'xxabcxx'), TRIM(LEADING ' ' FROM name), TRIM(TRAILING FROM name), TRIM(name) FROM users;

SELECT POSITION('@' IN email), POSITION('b' IN 'abc') FROM users;

SELECT SUBSTRING(name FROM 2 FOR 3), SUBSTRING(name FROM 2), SUBSTRING(name, 1, 5), SUBSTR(name, 2) FROM users;

SELECT OVERLAY(name PLACING 'x' FROM 2 FOR 1), OVERLAY('abcdef' PLACING 'XY' FROM 3) FROM users;

SELECT TIMESTAMPADD(DAY, 1, order_time), TIMESTAMPADD(HOUR, -3, order_time), TIMESTAMPADD(MONTH, 1, CURRENT_DATE) FROM orders;

SELECT TIMESTAMPDIFF(HOUR, order_time, ship_time), TIMESTAMPDIFF(DAY, TIMESTAMP '2024-01-01 00:00:00', order_time) FROM shipments_t;

SELECT CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIME, NOW(), CURRENT_ROW_TIMESTAMP();

SELECT PROCTIME() AS pt, CURRENT_WATERMARK(click_ts) AS wm FROM clicks;

SELECT UPPER(name), LOWER(email), CHAR_LENGTH(name), CHARACTER_LENGTH(name), INITCAP(name) FROM users;

SELECT CONCAT(name, '-', country), CONCAT_WS('|', name, email, country), REPLACE(email, '@', ' at ') FROM users;

SELECT LPAD(CAST(user_id AS STRING), 8, '0'), RPAD(name, 10, '.'), REPEAT('ab', 3), REVERSE(name) FROM users;

SELECT REGEXP_EXTRACT(url, '/product/(\d+)', 1), REGEXP_REPLACE(url, '\?.*$', ''), REGEXP(url, '^/api') FROM clicks;

SELECT SPLIT_INDEX(email, '@', 1), LEFT(name, 3), RIGHT(name, 2), ASCII(name), CHR(65) FROM users;

SELECT MD5(email), SHA1(email), SHA256(email), TO_BASE64(name), FROM_BASE64('YWJj') FROM users;

SELECT DATE_FORMAT(order_time, 'yyyy-MM-dd HH:mm'), TO_DATE('2024-05-01'), TO_TIMESTAMP('2024-05-01 12:00:00') FROM orders;

SELECT UNIX_TIMESTAMP(), UNIX_TIMESTAMP('2024-05-01 00:00:00'), FROM_UNIXTIME(1714521600), TO_TIMESTAMP_LTZ(1714521600000, 3);

SELECT CONVERT_TZ('2024-05-01 10:00:00', 'UTC', 'Europe/Berlin'), YEAR(order_time), QUARTER(order_time), MONTH(order_time), WEEK(order_time), DAYOFMONTH(order_time), HOUR(order_time), MINUTE(order_time), SECOND(order_time) FROM orders;

SELECT IF(amount > 100, 'big', 'small'), IFNULL(discount, 0), COALESCE(discount, shipping_fee, 0), NULLIF(currency, '') FROM orders;

SELECT GREATEST(a, b, c), LEAST(a, b, c), SIGN(a), SQRT(ABS(a)), EXP(1), LN(10), LOG10(100), LOG2(8), LOG(2, 8) FROM nums;

SELECT SIN(x), COS(x), TAN(x), ATAN2(y, x), DEGREES(x), RADIANS(90), PI(), E(), RAND(), RAND_INTEGER(10), UUID() FROM points;

SELECT BIN(12), HEX(255), UNHEX('FF'), TRUNCATE(3.14159, 2), ROUND(2.5) FROM nums;

SELECT ARRAY_CONTAINS(tags, 'sale'), ARRAY_DISTINCT(tags), ARRAY_POSITION(tags, 'new'), ARRAY_REMOVE(tags, ''), ARRAY_JOIN(tags, ',') FROM nested_events;

SELECT MAP_KEYS(counters), MAP_VALUES(counters), MAP_ENTRIES(counters), CARDINALITY(counters) FROM nested_events;

SELECT HASH_CODE(name), TYPEOF(name) FROM users;

SELECT COUNT(*), COUNT(DISTINCT user_id), APPROX_COUNT_DISTINCT(user_id), SUM(1), AVG(CAST(user_id AS DOUBLE)) FROM clicks;

SELECT my_udf(a), cat1.sales_db.tax_for(amount, currency), `my-udf`(a) FROM orders_and_nums;
