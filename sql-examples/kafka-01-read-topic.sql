-- Reads a Kafka topic as a table, with no DDL for the query: the Kafka catalog of catalogs/default.json
-- (environment `default`, cluster `cluster_0`) infers the columns from the topic's Schema Registry
-- subjects. Start the embedded broker and registry first (`npm start` in another terminal). The script
-- creates and fills the topic itself, then reads it back up to the offsets of the scan's start.
USE CATALOG `default`;
USE cluster_0;

DROP TABLE IF EXISTS example_orders;

-- a topic with 1 partition, an Avro key schema (order_id) and an Avro value schema (the other columns)
CREATE TABLE example_orders (
  order_id INT NOT NULL,
  product STRING,
  quantity INT
) DISTRIBUTED BY HASH(order_id) INTO 1 BUCKETS;

INSERT INTO example_orders VALUES (1, 'apple', 3), (2, 'pear', 1), (3, 'plum', 7);

-- 'scan.bounded.mode' = 'latest-offset' ends the query at the end offsets of its start
SELECT order_id, product, quantity
FROM example_orders /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */;
