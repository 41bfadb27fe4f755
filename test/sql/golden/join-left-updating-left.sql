-- operator: regular LEFT join whose left (outer) side is updating, with a non-equi condition
-- order: ordered
-- The left side is a changelog (FROM_CHANGELOG over an op column); the right side is read to its end
-- first (the runner reads a two-input operator's right input before its left input). The outer side
-- always retracts with -D and re-adds with +I (Flink's StreamingJoinOperator): an update of o1 to a
-- customer whose tier fails `c.tier <> o.excluded_tier` becomes -D[matched] then +I[o1, ..., null].
-- file: customers.json
--| {"cid": 1, "name": "ann", "tier": "gold"}
--| {"cid": 2, "name": "bob", "tier": "basic"}
-- file: orders.json
--| {"op": "INSERT", "oid": 1, "cid": 1, "excluded_tier": "none"}
--| {"op": "INSERT", "oid": 2, "cid": 3, "excluded_tier": "none"}
--| {"op": "UPDATE_BEFORE", "oid": 1, "cid": 1, "excluded_tier": "none"}
--| {"op": "UPDATE_AFTER", "oid": 1, "cid": 1, "excluded_tier": "gold"}
--| {"op": "UPDATE_BEFORE", "oid": 2, "cid": 3, "excluded_tier": "none"}
--| {"op": "UPDATE_AFTER", "oid": 2, "cid": 2, "excluded_tier": "none"}
--| {"op": "DELETE", "oid": 1, "cid": 1, "excluded_tier": "gold"}
--| {"op": "DELETE", "oid": 2, "cid": 2, "excluded_tier": "none"}
CREATE TABLE order_log (op STRING, oid INT, cid INT, excluded_tier STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/orders.json', 'format' = 'json');
CREATE TABLE customers (cid INT, name STRING, tier STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/customers.json', 'format' = 'json');
CREATE VIEW orders AS SELECT * FROM FROM_CHANGELOG(input => TABLE order_log);
SELECT o.oid, o.cid, c.name, c.tier
FROM orders o LEFT JOIN customers c ON o.cid = c.cid AND c.tier <> o.excluded_tier;
-- expected:
-- +I[1, 1, ann, gold]
-- +I[2, 3, null, null]
-- -D[1, 1, ann, gold]
-- +I[1, 1, null, null]
-- -D[2, 3, null, null]
-- +I[2, 2, bob, basic]
-- -D[1, 1, null, null]
-- -D[2, 2, bob, basic]
