-- operator: LEFT JOIN LATERAL (correlated subquery) ON TRUE, planned as a regular LEFT join
-- order: ordered
-- The subquery's correlated condition (i.oid = o.id) becomes the join key and its other condition
-- (qty > 1) a filter of the right side. The right input is read to its end before the left one (the
-- runner reads a two-input operator's right input first), so each order meets all its items at once:
-- order 2 has only single items, order 3 none: both are padded with nulls.
-- file: orders.json
--| {"id": 1, "customer": "ann"}
--| {"id": 2, "customer": "bob"}
--| {"id": 3, "customer": "cid"}
-- file: items.json
--| {"oid": 1, "sku": "pen", "qty": 2}
--| {"oid": 1, "sku": "ink", "qty": 1}
--| {"oid": 2, "sku": "cap", "qty": 1}
--| {"oid": 1, "sku": "pad", "qty": 5}
CREATE TABLE orders (id INT, customer STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/orders.json', 'format' = 'json');
CREATE TABLE items (oid INT, sku STRING, qty INT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/items.json', 'format' = 'json');
SELECT o.id, o.customer, t.sku, t.qty
FROM orders o
LEFT JOIN LATERAL (SELECT i.sku, i.qty FROM items i WHERE i.oid = o.id AND i.qty > 1) AS t ON TRUE;
-- expected:
-- +I[1, ann, pen, 2]
-- +I[1, ann, pad, 5]
-- +I[2, bob, null, null]
-- +I[3, cid, null, null]
