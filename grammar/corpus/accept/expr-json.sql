-- JSON functions and predicates: IS JSON, JSON_EXISTS, JSON_VALUE (RETURNING, ON EMPTY / ON ERROR),
-- JSON_QUERY (wrappers), JSON_STRING, JSON_OBJECT, JSON_ARRAY, JSON_OBJECTAGG, JSON_ARRAYAGG.

SELECT payload IS JSON, payload IS NOT JSON, payload IS JSON VALUE, payload IS JSON OBJECT, payload IS JSON ARRAY, payload IS JSON SCALAR
FROM kafka_events;

SELECT * FROM kafka_events WHERE payload IS NOT JSON OBJECT OR payload IS NOT JSON ARRAY;

SELECT JSON_EXISTS(payload, '$.customer.id'), JSON_EXISTS(payload, 'strict $.items[0]' FALSE ON ERROR) FROM kafka_events;

SELECT JSON_EXISTS(payload, 'lax $.missing' UNKNOWN ON ERROR), JSON_EXISTS(payload, '$.a' ERROR ON ERROR) FROM kafka_events;

SELECT JSON_VALUE(payload, '$.customer.name') AS customer_name FROM kafka_events;

SELECT JSON_VALUE(payload, '$.a' RETURNING INT DEFAULT 0 ON EMPTY ERROR ON ERROR) AS a FROM kafka_events;

SELECT
  JSON_VALUE(payload, '$.price' RETURNING DECIMAL(10, 2) NULL ON EMPTY DEFAULT -1 ON ERROR) AS price,
  JSON_VALUE(payload, '$.flag' RETURNING BOOLEAN) AS flag,
  JSON_VALUE(payload, 'strict $.qty' RETURNING BIGINT ERROR ON EMPTY) AS qty
FROM kafka_events;

SELECT JSON_QUERY(payload, '$.items') FROM kafka_events;

SELECT
  JSON_QUERY(payload, '$.items' WITHOUT WRAPPER),
  JSON_QUERY(payload, '$.items' WITHOUT ARRAY WRAPPER),
  JSON_QUERY(payload, '$.tags' WITH WRAPPER),
  JSON_QUERY(payload, '$.tags' WITH ARRAY WRAPPER),
  JSON_QUERY(payload, '$.tags' WITH CONDITIONAL ARRAY WRAPPER),
  JSON_QUERY(payload, '$.tags' WITH UNCONDITIONAL ARRAY WRAPPER)
FROM kafka_events;

SELECT
  JSON_QUERY(payload, '$.x' NULL ON EMPTY),
  JSON_QUERY(payload, '$.x' EMPTY ARRAY ON EMPTY),
  JSON_QUERY(payload, '$.x' EMPTY OBJECT ON ERROR),
  JSON_QUERY(payload, '$.x' WITH CONDITIONAL ARRAY WRAPPER ERROR ON EMPTY NULL ON ERROR)
FROM kafka_events;

SELECT JSON_QUERY(payload, '$.items' RETURNING ARRAY<STRING>) FROM kafka_events;

SELECT JSON_STRING(1), JSON_STRING('a'), JSON_STRING(ARRAY[1, 2]);

SELECT JSON_OBJECT(), JSON_OBJECT('a' VALUE 1), JSON_OBJECT(KEY 'a' VALUE 1, KEY 'b' VALUE 'two');

SELECT JSON_OBJECT(KEY 'a' VALUE discount ABSENT ON NULL), JSON_OBJECT('a' VALUE discount NULL ON NULL) FROM orders;

SELECT JSON_OBJECT(KEY 'order' VALUE JSON_OBJECT(KEY 'id' VALUE order_id, KEY 'amount' VALUE amount), KEY 'tags' VALUE JSON_ARRAY('a', 'b')) FROM orders;

SELECT JSON_ARRAY(), JSON_ARRAY(1, 'two', TRUE), JSON_ARRAY(NULL NULL ON NULL), JSON_ARRAY(discount ABSENT ON NULL) FROM orders;

SELECT customer_id, JSON_OBJECTAGG(KEY product VALUE amount) AS by_product FROM orders GROUP BY customer_id;

SELECT customer_id, JSON_OBJECTAGG(product VALUE amount NULL ON NULL) FROM orders GROUP BY customer_id;

SELECT customer_id, JSON_ARRAYAGG(product) AS products, JSON_ARRAYAGG(discount ABSENT ON NULL) FROM orders GROUP BY customer_id;
