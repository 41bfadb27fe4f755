-- INNER JOIN of a retract changelog source (no unique key) with a GROUP BY: the join forwards its inputs'
-- kinds (-U/+U/-D pass through), so its output has every kind
CREATE TABLE prices (product STRING, price INT) WITH ('connector' = 'values', 'changelog-mode' = 'I,UB,UA,D');
CREATE TABLE stock_moves (product STRING, qty INT) WITH ('connector' = 'values');
CREATE TABLE s (product STRING, price INT, qty INT) WITH ('connector' = 'values', 'sink-insert-only' = 'false');
EXPLAIN CHANGELOG_MODE INSERT INTO s SELECT p.product, p.price, m.qty FROM prices p JOIN (SELECT product, SUM(qty) AS qty FROM stock_moves GROUP BY product) m ON p.product = m.product;
