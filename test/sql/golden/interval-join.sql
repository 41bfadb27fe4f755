-- operator: interval join (shipments within 10 s after their order)
-- order: any
-- file: orders.json
--| {"id": 1, "ts": "2024-01-01 10:00:00"}
--| {"id": 2, "ts": "2024-01-01 10:00:05"}
--| {"id": 3, "ts": "2024-01-01 10:00:20"}
-- file: shipments.json
--| {"order_id": 1, "ts": "2024-01-01 10:00:04"}
--| {"order_id": 2, "ts": "2024-01-01 10:00:30"}
--| {"order_id": 3, "ts": "2024-01-01 10:00:29"}
CREATE TABLE orders (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/orders.json', 'format' = 'json');
CREATE TABLE shipments (order_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/shipments.json', 'format' = 'json');
SELECT o.id, o.ts AS ordered_at, s.ts AS shipped_at
FROM orders o JOIN shipments s
ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND;
-- expected:
-- +I[1, 2024-01-01 10:00:00.000, 2024-01-01 10:00:04.000]
-- +I[3, 2024-01-01 10:00:20.000, 2024-01-01 10:00:29.000]
