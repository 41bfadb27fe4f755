-- Event-time interval join (LEFT OUTER, BETWEEN bounds): an IntervalJoin, insert-only
CREATE TABLE orders (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE shipments (order_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');
CREATE TABLE s (id INT, ordered_at TIMESTAMP(3), shipped_at TIMESTAMP(3)) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT o.id, o.ts, s2.ts FROM orders o LEFT JOIN shipments s2 ON o.id = s2.order_id AND s2.ts BETWEEN o.ts AND o.ts + INTERVAL '4' HOUR;
