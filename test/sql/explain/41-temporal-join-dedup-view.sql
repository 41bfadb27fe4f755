-- Event-time temporal join against a versioned view derived by deduplication (keep the last row per
-- key on the rowtime); a LEFT temporal join, insert-only output. Flink asks a temporal join's versioned
-- side for updates without -U (ONLY_UPDATE_AFTER), so its Deduplicate shows changelogMode=[I,UA].
CREATE TABLE orders (id INT, currency STRING, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'values');
CREATE TABLE rates (currency STRING, rate INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'values');
CREATE VIEW versioned_rates AS SELECT currency, rate, ts FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ts DESC) AS rn FROM rates) WHERE rn = 1;
CREATE TABLE s (id INT, converted INT) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT o.id, o.amount * r.rate FROM orders AS o LEFT JOIN versioned_rates FOR SYSTEM_TIME AS OF o.ts AS r ON o.currency = r.currency;
