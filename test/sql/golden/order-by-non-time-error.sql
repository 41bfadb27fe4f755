-- operator: Sort (ORDER BY a non-time column without LIMIT is rejected on a stream, as in Flink)
-- order: ordered
-- expect-error: Sort on a non-time-attribute field is not supported
CREATE TABLE nums (id BIGINT) WITH (
  'connector' = 'datagen', 'number-of-rows' = '3',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '3'
);
SELECT id FROM nums ORDER BY id DESC;
-- expected:
