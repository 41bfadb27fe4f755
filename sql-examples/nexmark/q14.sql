-- Query 14: calculation. Bids priced between 1,000,000 and 50,000,000 euro cents, with the price in
-- euros, a day/night classification of the bid hour and the number of 'c' characters in `extra`.
-- The reference counts with a Java UDF (count_char); this counts with built-ins instead:
-- CHAR_LENGTH(extra) - CHAR_LENGTH(REPLACE(extra, 'c', '')). Requires ddl.sql.

CREATE TABLE nexmark_q14 (
    auction  BIGINT,
    bidder  BIGINT,
    price  DECIMAL(23, 3),
    bidTimeType  VARCHAR,
    dateTime  TIMESTAMP(3),
    extra  VARCHAR,
    c_counts  BIGINT
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q14
SELECT
    auction,
    bidder,
    0.908 * price AS price,
    CASE
        WHEN HOUR(dateTime) >= 8 AND HOUR(dateTime) <= 18 THEN 'dayTime'
        WHEN HOUR(dateTime) <= 6 OR HOUR(dateTime) >= 20 THEN 'nightTime'
        ELSE 'otherTime'
    END AS bidTimeType,
    dateTime,
    extra,
    CHAR_LENGTH(extra) - CHAR_LENGTH(REPLACE(extra, 'c', '')) AS c_counts
FROM bid
WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000;
