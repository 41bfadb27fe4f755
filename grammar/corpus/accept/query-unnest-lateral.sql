-- UNNEST (with ORDINALITY), LATERAL TABLE table functions, CROSS JOIN UNNEST and LEFT JOIN LATERAL ... ON TRUE.

SELECT order_id, tag FROM orders_with_tags CROSS JOIN UNNEST(tags) AS t (tag);

SELECT id, k, v FROM source_t CROSS JOIN UNNEST(m) AS u(k, v);

SELECT name, nested FROM source_t CROSS JOIN UNNEST(arr) AS T(nested);

SELECT * FROM (VALUES ('order_1')), UNNEST(ARRAY['shirt', 'pants', 'hat']);

SELECT *
FROM (VALUES ('order_1'), ('order_2'))
    CROSS JOIN UNNEST(ARRAY['shirt', 'pants', 'hat'])
        WITH ORDINALITY AS t(product_name, index);

SELECT *
FROM (VALUES ('order_1'))
    CROSS JOIN UNNEST(MAP['shirt', 2, 'pants', 1, 'hat', 1]) WITH ORDINALITY;

SELECT id, val, pos
FROM source_t, UNNEST(vals) WITH ORDINALITY AS u(val, pos);

SELECT c, s FROM source_t, LATERAL TABLE(split_words(c, ' ')) AS T(s);

SELECT c, s FROM source_t, LATERAL TABLE(STRING_SPLIT(c, '#')) AS T(s);

SELECT c, s FROM source_t LEFT JOIN LATERAL TABLE(split_words(c)) AS T(s) ON TRUE;

SELECT o.order_id, w.word, w.len
FROM orders AS o
CROSS JOIN LATERAL TABLE(split_words(o.product)) AS w(word, len);

SELECT o.order_id, w.word
FROM orders AS o
JOIN LATERAL TABLE(split_words(o.product)) AS w(word) ON TRUE;

SELECT * FROM (SELECT c, s FROM source_t, LATERAL TABLE(split_words(c)) AS T(s)) AS T2 WHERE c LIKE '%hello%' OR c LIKE '%fiz%';

SELECT e.id, t.tag
FROM nested_events AS e
CROSS JOIN UNNEST(e.tags) AS t(tag)
WHERE t.tag <> '';

SELECT id, tag FROM nested_events AS e LEFT JOIN UNNEST(e.tags) AS u(tag) ON TRUE;

SELECT id, x
FROM nested_events AS t,
  LATERAL (SELECT tag AS x FROM UNNEST(t.tags) AS u(tag) WHERE tag <> 'b');

SELECT t.id, s.x
FROM nested_events AS t
LEFT JOIN LATERAL (SELECT UPPER(tag) AS x FROM UNNEST(t.tags) AS u(tag) WHERE tag <> '') AS s ON TRUE;
