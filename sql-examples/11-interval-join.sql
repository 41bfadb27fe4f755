-- An interval join on event time: each order is matched with the shipments of that order made within
-- 4 hours after it was placed (ship_time BETWEEN order_time AND order_time + 4 hours). A LEFT interval
-- join keeps the orders without such a shipment, padded with NULLs, once the watermark shows that no
-- shipment can still come: 102 shipped only after 4 h 30 min, 104 never. 105's first shipment row is
-- stamped before the order, so only its second one counts. Interval joins emit inserts only, and keep
-- rows only as long as their interval is open.
CREATE TABLE orders (
  order_id INT,
  customer STRING,
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' MINUTE
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/shop-orders.json',
  'format' = 'json'
);

CREATE TABLE shipments (
  shipment_id STRING,
  order_id INT,
  carrier STRING,
  ship_time TIMESTAMP(3),
  WATERMARK FOR ship_time AS ship_time - INTERVAL '5' MINUTE
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/shipments.json',
  'format' = 'json'
);

SELECT
  o.order_id,
  o.customer,
  o.order_time,
  s.shipment_id,
  s.carrier,
  s.ship_time,
  TIMESTAMPDIFF(MINUTE, o.order_time, s.ship_time) AS minutes_to_ship
FROM orders AS o
LEFT JOIN shipments AS s
  ON o.order_id = s.order_id
  AND s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '4' HOUR;
