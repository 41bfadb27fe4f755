-- Deduplication with ROW_NUMBER(): keep the first or the last row per key, on the rowtime. The first
-- query keeps each user's first login (ORDER BY ts ASC, rn = 1): bob's login stamped 07:55 arrives out
-- of order, after his 08:05 login, and replaces it (-U/+U) since it is earlier. The second keeps each
-- user's latest login (ORDER BY ts DESC): every newer login replaces the previous one, and bob's 07:55
-- row is ignored. Rows are deduplicated as they arrive, not when the watermark passes them.
-- Both are planned as a Deduplicate operator, which keeps one row per key instead of ranking.
CREATE TABLE logins (
  user_name STRING,
  device STRING,
  city STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '15' MINUTE
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/logins.json',
  'format' = 'json'
);

SELECT user_name, device AS first_device, city AS first_city, ts AS first_login
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY ts ASC) AS rn
  FROM logins
)
WHERE rn = 1;

SELECT user_name, device AS last_device, city AS last_city, ts AS last_login
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY ts DESC) AS rn
  FROM logins
)
WHERE rn = 1;
