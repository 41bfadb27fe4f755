-- operator: regular LEFT join (+I[k, s, null] while the right row is missing, then -D of it and +I with the match)
-- order: ordered
-- The right side is rate-limited to 1 row per second: its first row (k = 0, no match) comes at once,
-- its second (k = 1) a second later, after both left rows were joined against a right side without k = 1.
-- file: left.json
--| {"k": 1, "s": "l1"}
--| {"k": 2, "s": "l2"}
CREATE TABLE lt (k BIGINT, s STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/left.json', 'format' = 'json');
CREATE TABLE rt (k BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '2', 'rows-per-second' = '1',
  'fields.k.kind' = 'sequence', 'fields.k.start' = '0', 'fields.k.end' = '1'
);
SELECT lt.k, lt.s, rt.k AS matched FROM lt LEFT JOIN rt ON lt.k = rt.k;
-- expected:
-- +I[1, l1, null]
-- +I[2, l2, null]
-- -D[1, l1, null]
-- +I[1, l1, 1]
