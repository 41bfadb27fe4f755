-- CREATE TABLE AS SELECT into a new Avro topic: the Kafka catalog registers the value schema derived
-- from the query's columns, creates the topic, and the job writes the query's rows into it; the new
-- topic then reads back as a table. Start the embedded broker and registry first (`npm start`).
USE CATALOG `default`;
USE cluster_0;

DROP TABLE IF EXISTS example_sales;
DROP TABLE IF EXISTS example_big_sales;

CREATE TABLE example_sales (
  sale_id INT NOT NULL,
  region STRING,
  amount DOUBLE
) DISTRIBUTED BY HASH(sale_id) INTO 1 BUCKETS;

INSERT INTO example_sales VALUES (1, 'north', 120.0), (2, 'south', 40.5), (3, 'north', 310.25), (4, 'east', 99.0);

CREATE TABLE example_big_sales
DISTRIBUTED INTO 1 BUCKETS
AS SELECT sale_id, UPPER(region) AS region, amount * 1.2 AS gross
FROM example_sales /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
WHERE amount >= 100;

SELECT sale_id, region, gross
FROM example_big_sales /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */;
