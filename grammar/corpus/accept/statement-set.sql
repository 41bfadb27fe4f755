-- Statement sets: EXECUTE STATEMENT SET BEGIN ... END (one statement containing inner semicolons)
-- and the legacy SQL-client form BEGIN STATEMENT SET; ...; END; (separate statements, see README).

EXECUTE STATEMENT SET
BEGIN
  INSERT INTO print_sink SELECT order_id, amount FROM orders WHERE currency = 'EUR';
  INSERT INTO print_sink SELECT order_id, amount FROM orders WHERE currency = 'USD';
END;

EXECUTE STATEMENT SET BEGIN
INSERT INTO revenue_per_product SELECT product, SUM(amount) FROM orders GROUP BY product;
INSERT INTO orders_per_user SELECT customer_id, COUNT(*) FROM orders GROUP BY customer_id;
INSERT INTO big_orders SELECT * FROM orders WHERE amount > 1000;
END;

EXECUTE STATEMENT SET
BEGIN
  INSERT INTO page_views PARTITION (dt = '2024-05-01')
  SELECT view_id, user_id, page, hr FROM page_views_staging WHERE dt = '2024-05-01';

  INSERT INTO orders_kafka /*+ OPTIONS('sink.parallelism' = '2') */
  SELECT * FROM orders;
END;

execute statement set begin
  insert into print_sink values (1, 1.00);
end;

-- legacy SQL client form: each piece is its own ';'-terminated statement
BEGIN STATEMENT SET;

INSERT INTO print_sink SELECT order_id, amount FROM orders WHERE amount > 100;

INSERT INTO big_orders SELECT * FROM orders WHERE amount > 1000;

END;

BEGIN STATEMENT SET;
INSERT INTO print_sink VALUES (42, 4.20);
END;
