-- operator: deduplication keeping the first row per key (ROW_NUMBER over proctime ASC = 1)
-- order: ordered
-- file: clicks.json
--| {"user_name": "ann", "page": "home"}
--| {"user_name": "bob", "page": "cart"}
--| {"user_name": "ann", "page": "cart"}
--| {"user_name": "cid", "page": "home"}
--| {"user_name": "bob", "page": "home"}
CREATE TABLE clicks (user_name STRING, page STRING, pt AS PROCTIME())
WITH ('connector' = 'filesystem', 'path' = '${DATA}/clicks.json', 'format' = 'json');
SELECT user_name, page FROM (
  SELECT user_name, page, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY pt ASC) AS rn FROM clicks)
WHERE rn = 1;
-- expected:
-- +I[ann, home]
-- +I[bob, cart]
-- +I[cid, home]
