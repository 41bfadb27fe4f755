-- operator: interval join, LEFT OUTER on event time (unmatched orders padded once the watermark passes)
-- order: any
-- Shipments within 10 s after their order (s.ts BETWEEN o.ts AND o.ts + 10 s). Order 1 ships after 4 s,
-- order 2 twice (both inside its interval), order 3 ships 11 s late (outside: padded with nulls),
-- order 4 never ships (padded). Interval joins emit inserts only: a padded row is emitted only once the
-- watermark proves no shipment can still come, never retracted.
-- file: orders.json
--| {"id": 1, "ts": "2024-01-01 10:00:00"}
--| {"id": 2, "ts": "2024-01-01 10:00:05"}
--| {"id": 3, "ts": "2024-01-01 10:00:20"}
--| {"id": 4, "ts": "2024-01-01 10:00:21"}
-- file: shipments.json
--| {"order_id": 1, "ts": "2024-01-01 10:00:04"}
--| {"order_id": 2, "ts": "2024-01-01 10:00:06"}
--| {"order_id": 2, "ts": "2024-01-01 10:00:15"}
--| {"order_id": 3, "ts": "2024-01-01 10:00:31"}
CREATE TABLE orders (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/orders.json', 'format' = 'json');
CREATE TABLE shipments (order_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/shipments.json', 'format' = 'json');
SELECT o.id, o.ts AS ordered_at, s.ts AS shipped_at
FROM orders o LEFT JOIN shipments s
ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND;
-- expected:
-- +I[1, 2024-01-01 10:00:00.000, 2024-01-01 10:00:04.000]
-- +I[2, 2024-01-01 10:00:05.000, 2024-01-01 10:00:06.000]
-- +I[2, 2024-01-01 10:00:05.000, 2024-01-01 10:00:15.000]
-- +I[3, 2024-01-01 10:00:20.000, null]
-- +I[4, 2024-01-01 10:00:21.000, null]
