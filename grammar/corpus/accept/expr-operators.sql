-- Operators and predicates: arithmetic, unary, %, ||, comparison, logical, IS [NOT] NULL/TRUE/FALSE/UNKNOWN,
-- IS [NOT] DISTINCT FROM, [NOT] BETWEEN [ASYMMETRIC|SYMMETRIC], [NOT] LIKE [ESCAPE], [NOT] SIMILAR TO,
-- IN lists, EXISTS, CASE, CAST / TRY_CAST, row constructors, collection and field access.

SELECT a + b, a - b, a * b, a / b, a % b, -a, +a, - -a, (a + b) * c FROM nums;

SELECT MOD(a, 3), a % 3, POWER(a, 2), ABS(-a) FROM nums;

SELECT name || ' <' || email || '>' AS display FROM users;

SELECT * FROM nums WHERE a = 1 AND b <> 2 AND a < b AND a <= c AND b > 0 AND c >= 0;

SELECT * FROM nums WHERE NOT a = 1 OR (b = 2 AND NOT (c = 3 OR c = 4));

SELECT a IS NULL, a IS NOT NULL, flag IS TRUE, flag IS NOT TRUE, flag IS FALSE, flag IS NOT FALSE, flag IS UNKNOWN, flag IS NOT UNKNOWN FROM nums;

SELECT * FROM nums WHERE a IS DISTINCT FROM b OR a IS NOT DISTINCT FROM c;

SELECT * FROM orders WHERE amount BETWEEN 10 AND 100;

SELECT * FROM orders WHERE amount NOT BETWEEN 10 AND 100;

SELECT * FROM orders WHERE amount BETWEEN ASYMMETRIC 10 AND 100 OR amount BETWEEN SYMMETRIC 500 AND 200;

SELECT * FROM orders WHERE amount NOT BETWEEN SYMMETRIC 100 AND 10;

SELECT * FROM users WHERE email LIKE '%@example.com' AND name NOT LIKE 'test%';

SELECT * FROM products WHERE sku LIKE 'A\_%' ESCAPE '\';

SELECT * FROM products WHERE sku LIKE 'A!%%' ESCAPE '!' OR sku NOT LIKE 'B#_%' ESCAPE '#';

SELECT * FROM users WHERE name SIMILAR TO '(Al|Bo)%' AND email NOT SIMILAR TO '%(spam|junk)%';

SELECT * FROM orders WHERE currency IN ('EUR', 'USD', 'GBP') AND customer_id NOT IN (1, 2, 3);

SELECT * FROM orders WHERE EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = orders.order_id);

SELECT order_id,
  CASE currency
    WHEN 'EUR' THEN 'euro'
    WHEN 'USD' THEN 'dollar'
    ELSE 'other'
  END AS currency_name
FROM orders;

SELECT order_id,
  CASE
    WHEN amount >= 1000 THEN 'large'
    WHEN amount >= 100 THEN 'medium'
    WHEN amount IS NULL THEN NULL
    ELSE 'small'
  END AS size_bucket
FROM orders;

SELECT CASE WHEN a > 0 THEN 1 END, CASE a WHEN 1 THEN 'one' END FROM nums;

SELECT CAST(amount AS STRING), CAST(order_id AS VARCHAR(20)), CAST('2024-01-01' AS DATE), CAST(order_time AS TIMESTAMP_LTZ(3)) FROM orders;

SELECT TRY_CAST('abc' AS INT), TRY_CAST(payload AS BIGINT), TRY_CAST('2024-13-45' AS DATE) FROM kafka_events;

SELECT CAST(ROW(1, 'a') AS ROW<id INT, label STRING>), CAST(ARRAY[1, 2] AS ARRAY<BIGINT>) FROM nums;

SELECT ROW(a, b), (a, b), ROW(a, ROW(b, c)) FROM nums;

SELECT tags[1], counters['clicks'], device.model, device.os.name, e.device.os.version FROM nested_events AS e;

SELECT (device).model, (e.device).os FROM nested_events AS e;

SELECT arr[1] > 1, m['k'] > 1, CAST(v['k'] AS INT) > 1 FROM source_t;

SELECT t2.ext.nested.nested1.nested2 FROM source_t2 t2;

SELECT CARDINALITY(tags), ELEMENT(ARRAY[1]), tags[CARDINALITY(tags)] FROM nested_events;

SELECT (a + b) / NULLIF(c, 0), COALESCE(a, b, 0) FROM nums;

SELECT * FROM nums WHERE (a, b) = (1, 2);

SELECT a FROM nums WHERE a = 1 or a = 2 or a is null;

SELECT * FROM nums WHERE flag AND NOT other_flag;
