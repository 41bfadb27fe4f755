-- operator: ChangelogNormalize for an upsert input (FROM_CHANGELOG mapping UPDATE_AFTER without UPDATE_BEFORE)
-- order: ordered
-- FROM_CHANGELOG with op_mapping u → UPDATE_AFTER, d → DELETE makes an upsert stream keyed by its
-- PARTITION BY column: +U replaces the key's row, -D removes it, and there is no -U. A ChangelogNormalize
-- keyed on id turns it into a full retract stream before the consumers that need -U:
-- - the first statement prints the normalized changelog: a key's first row is +I, a repeated identical
--   upsert (id 3, Rome) emits nothing, id 1 moving to Rome is -U[1, Oslo] +U[1, Rome], and the delete of
--   id 2 is -D of its stored row;
-- - the aggregate counts per city from it: Rome is counted once for id 3, and Oslo is decremented when
--   id 1 moves away and again when id 2 is deleted.
-- file: city_log.json
--| {"id": 1, "op": "u", "city": "Oslo"}
--| {"id": 2, "op": "u", "city": "Oslo"}
--| {"id": 3, "op": "u", "city": "Rome"}
--| {"id": 3, "op": "u", "city": "Rome"}
--| {"id": 1, "op": "u", "city": "Rome"}
--| {"id": 2, "op": "d", "city": "Oslo"}
CREATE TABLE city_log (id INT, op STRING, city STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/city_log.json', 'format' = 'json');
CREATE VIEW cities AS
SELECT * FROM FROM_CHANGELOG(
  input => TABLE city_log PARTITION BY id,
  op_mapping => MAP['u', 'UPDATE_AFTER', 'd', 'DELETE']);
SELECT id, city FROM cities;
SELECT city, COUNT(*) AS n FROM cities GROUP BY city;
-- expected:
-- +I[1, Oslo]
-- +I[2, Oslo]
-- +I[3, Rome]
-- -U[1, Oslo]
-- +U[1, Rome]
-- -D[2, Oslo]
-- +I[Oslo, 1]
-- -U[Oslo, 1]
-- +U[Oslo, 2]
-- +I[Rome, 1]
-- -U[Oslo, 2]
-- +U[Oslo, 1]
-- -U[Rome, 1]
-- +U[Rome, 2]
-- -D[Oslo, 1]
