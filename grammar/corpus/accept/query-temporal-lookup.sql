-- Temporal (event-time versioned) joins and lookup (processing-time) joins with FOR SYSTEM_TIME AS OF.

SELECT o.order_id, o.amount * r.rate AS amount_usd
FROM orders AS o
JOIN currency_rates FOR SYSTEM_TIME AS OF o.order_time AS r
ON o.currency = r.currency;

SELECT o.order_id, o.amount, r.rate
FROM orders o
LEFT JOIN currency_rates FOR SYSTEM_TIME AS OF o.order_time r
ON o.currency = r.currency;

SELECT o.order_id, o.total, c.name, c.city
FROM orders_t AS o
JOIN customers_t FOR SYSTEM_TIME AS OF o.proc_time AS c
ON o.customer_id = c.id;

SELECT o.order_id, o.total, c.id, c.name, c.age
FROM orders_t AS o
LEFT JOIN customers_t FOR SYSTEM_TIME AS OF o.proc_time AS c
ON o.customer_id = c.id AND c.age > 30 AND o.total > 15.3;

SELECT o.order_id, c.name
FROM orders_t AS o
JOIN lake.dim.customers FOR SYSTEM_TIME AS OF o.proc_time AS c
ON o.customer_id = c.id AND CAST(o.total AS INT) < c.age;

SELECT amount * r.rate
FROM orders_nested AS o
JOIN rates_history FOR SYSTEM_TIME AS OF o.rowtime AS r
ON o.nested_map['currency'] = r.currency;

SELECT amount * r.rate
FROM orders_nested AS o
JOIN rates_history FOR SYSTEM_TIME AS OF o.rowtime AS r
ON (CASE WHEN o.nested_row.currency = 'usd' THEN UPPER(o.nested_row.currency) ELSE o.nested_row.currency END) = r.currency;

SELECT o.order_id, c.name, p.category
FROM orders_t AS o
JOIN customers_t FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id
JOIN products_dim FOR SYSTEM_TIME AS OF o.proc_time AS p ON o.product_id = p.id;

SELECT o.order_id, r.rate
FROM orders AS o,
LATERAL TABLE (rates(o.order_time)) AS r
WHERE o.currency = r.currency;

SELECT o.order_id, c.name
FROM orders_t AS o
JOIN customers_t FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id AND c.age > 30
UNION ALL
SELECT o.order_id, c.name
FROM orders_t AS o
JOIN customers_t FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id AND c.age > 100;

SELECT * FROM orders FOR SYSTEM_TIME AS OF TIMESTAMP '2024-05-01 00:00:00';
