-- Session configuration and a stateless query: SET changes the session time zone (TIMESTAMP_LTZ values
-- are shown in it), a filter and a projection run over a seeded datagen stream, RESET restores the default.
SET 'table.local-time-zone' = 'Asia/Tokyo';

CREATE TABLE events (
  id INT,
  score DOUBLE,
  tag STRING,
  ts AS TO_TIMESTAMP_LTZ(1704067200000 + id * 60000, 3)
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '6',
  'seed' = '7',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '6',
  'fields.score.min' = '0',
  'fields.score.max' = '1',
  'fields.tag.length' = '6'
);

SELECT id, tag, ts, ROUND(score, 2) AS score FROM events WHERE MOD(id, 2) = 1;

RESET 'table.local-time-zone';
