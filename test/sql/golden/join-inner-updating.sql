-- operator: regular INNER join over updating inputs: the input's -U/+U/-D kinds are forwarded
-- order: ordered
-- Left: a changelog of product prices (FROM_CHANGELOG); right: stock per product (GROUP BY SUM, its
-- retractions applied before the left side arrives: the runner reads a two-input operator's right input
-- to its end first). An inner join keeps the input's kind (Flink's StreamingJoinOperator): -U/+U pairs
-- pass through as -U/+U, a delete as -D; an update whose new row fails the non-equi condition
-- (`p.price <= s.budget`) leaves only the -U.
-- file: stock.json
--| {"product": "pen", "qty": 5, "budget": 10}
--| {"product": "ink", "qty": 2, "budget": 3}
--| {"product": "pen", "qty": 1, "budget": 10}
-- file: prices.json
--| {"op": "INSERT", "product": "pen", "price": 2}
--| {"op": "INSERT", "product": "ink", "price": 3}
--| {"op": "UPDATE_BEFORE", "product": "pen", "price": 2}
--| {"op": "UPDATE_AFTER", "product": "pen", "price": 4}
--| {"op": "UPDATE_BEFORE", "product": "ink", "price": 3}
--| {"op": "UPDATE_AFTER", "product": "ink", "price": 9}
--| {"op": "DELETE", "product": "pen", "price": 4}
CREATE TABLE price_log (op STRING, product STRING, price INT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/prices.json', 'format' = 'json');
CREATE TABLE stock_moves (product STRING, qty INT, budget INT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/stock.json', 'format' = 'json');
CREATE VIEW prices AS SELECT * FROM FROM_CHANGELOG(input => TABLE price_log);
SELECT p.product, p.price, s.qty
FROM prices p
JOIN (SELECT product, SUM(qty) AS qty, MAX(budget) AS budget FROM stock_moves GROUP BY product) s
ON p.product = s.product AND p.price <= s.budget;
-- expected:
-- +I[pen, 2, 6]
-- +I[ink, 3, 2]
-- -U[pen, 2, 6]
-- +U[pen, 4, 6]
-- -U[ink, 3, 2]
-- -D[pen, 4, 6]
