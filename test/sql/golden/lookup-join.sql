-- operator: lookup join (FOR SYSTEM_TIME AS OF the probe's processing time) against a jdbc table
-- order: ordered
-- The script first writes the dimension table (a SQLite file, through the jdbc connector's upsert sink;
-- the second row for 2 replaces the first), then each order looks its customer up as it arrives.
-- An INNER lookup join drops order 12 (no customer 3); a LEFT one keeps it with nulls. Lookup joins
-- never retract: a later change of a customer would not update orders already joined.
-- file: orders.json
--| {"oid": 10, "cid": 1}
--| {"oid": 11, "cid": 2}
--| {"oid": 12, "cid": 3}
--| {"oid": 13, "cid": 1}
CREATE TABLE customers (cid INT, name STRING, tier STRING, PRIMARY KEY (cid) NOT ENFORCED)
WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${DATA}/dim.db', 'table-name' = 'customers');
INSERT INTO customers VALUES (1, 'ann', 'gold'), (2, 'bob', 'basic'), (2, 'bob', 'silver');
CREATE TABLE orders (oid INT, cid INT, pt AS PROCTIME())
WITH ('connector' = 'filesystem', 'path' = '${DATA}/orders.json', 'format' = 'json');
SELECT o.oid, c.name, c.tier FROM orders o JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.cid = c.cid;
SELECT o.oid, c.name, c.tier FROM orders o LEFT JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.cid = c.cid;
-- expected:
-- +I[10, ann, gold]
-- +I[11, bob, silver]
-- +I[13, ann, gold]
-- +I[10, ann, gold]
-- +I[11, bob, silver]
-- +I[12, null, null]
-- +I[13, ann, gold]
