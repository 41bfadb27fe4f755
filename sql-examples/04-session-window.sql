-- Session windows: page views read from a small JSON file, grouped per user into sessions that close
-- after 10 seconds without activity (SESSION table-valued function with PARTITION BY).
CREATE TABLE page_views (
  user_name STRING,
  page STRING,
  ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'sql-examples/data/page-views.json',
  'format' = 'json'
);

SELECT user_name, window_start, window_end, COUNT(*) AS view_count
FROM TABLE(SESSION(TABLE page_views PARTITION BY user_name, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_name, window_start, window_end;
