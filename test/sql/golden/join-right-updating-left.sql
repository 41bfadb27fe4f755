-- operator: regular RIGHT join whose left (inner) side is updating: null padding comes and goes
-- order: ordered
-- The right (outer) side is read to its end first (the runner reads a two-input operator's right input
-- before its left input), so each order starts null-padded: +I[null, null, o]. Then the user changelog:
-- the first match removes the padding (-D[null..], +I[matched]); an update of the inner side forwards
-- its -U (Flink's StreamingJoinOperator keeps an inner side's -U/-D kind) and the order, left without a
-- match, is padded again (+I[null..]) until the +U matches (-D[null..], +I[new]); a delete of the only
-- match goes back to +I[null, null, o].
-- file: users.json
--| {"op": "INSERT", "uid": 1, "name": "ann"}
--| {"op": "UPDATE_BEFORE", "uid": 1, "name": "ann"}
--| {"op": "UPDATE_AFTER", "uid": 1, "name": "anna"}
--| {"op": "INSERT", "uid": 3, "name": "cid"}
--| {"op": "DELETE", "uid": 1, "name": "anna"}
-- file: orders.json
--| {"oid": 10, "uid": 1}
--| {"oid": 11, "uid": 2}
CREATE TABLE user_log (op STRING, uid INT, name STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/users.json', 'format' = 'json');
CREATE TABLE orders (oid INT, uid INT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/orders.json', 'format' = 'json');
CREATE VIEW users AS SELECT * FROM FROM_CHANGELOG(input => TABLE user_log);
SELECT u.uid, u.name, o.oid FROM users u RIGHT JOIN orders o ON u.uid = o.uid;
-- expected:
-- +I[null, null, 10]
-- +I[null, null, 11]
-- -D[null, null, 10]
-- +I[1, ann, 10]
-- -U[1, ann, 10]
-- +I[null, null, 10]
-- -D[null, null, 10]
-- +I[1, anna, 10]
-- -D[1, anna, 10]
-- +I[null, null, 10]
