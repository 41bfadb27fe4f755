-- Identifiers: backtick quoting with doubled-backtick escapes, reserved words quoted, non-reserved keywords
-- unquoted, one- to three-part names, system columns such as `$rowtime`, mixed-case keywords.

SELECT `order_id`, `amount` FROM `orders`;

SELECT `a``b` AS weird, `select` AS kw, `from`, `my col` FROM weird_names;

SELECT `value`, `count`, `user`, `timestamp`, `date`, `time`, `comment`, `string`, `order` FROM reserved_names;

SELECT data, `key`, name, `type`, status, `level`, version, `action`, state, source, zone, `year` FROM non_reserved_names;

SELECT data, key, name, type, level, action, description, first, last, format, options, language_code FROM non_reserved_names;

CREATE TABLE reserved_cols (
  `value`     STRING,
  `count`     BIGINT,
  `user`      STRING,
  `timestamp` TIMESTAMP(3),
  `offset`    BIGINT,
  `partition` INT,
  `comment`   STRING,
  data        BYTES,
  name        STRING,
  type        STRING,
  WATERMARK FOR `timestamp` AS `timestamp` - INTERVAL '5' SECOND
) WITH ('connector' = 'datagen');

SELECT `$rowtime`, `$rowtime` - INTERVAL '1' MINUTE AS earlier FROM orders;

SELECT * FROM `examples`.`marketplace`.`orders` WHERE `$rowtime` > TIMESTAMP '2024-01-01 00:00:00';

SELECT * FROM `my-env`.`my-cluster`.`orders`;

SELECT * FROM cat1.sales_db.orders AS o JOIN sales_db.customers c ON o.customer_id = c.id JOIN users u ON u.user_id = c.id;

SELECT o.order_id, sales_db.customers.name FROM sales_db.customers JOIN orders o ON o.customer_id = sales_db.customers.id;

SELECT cat1.sales_db.orders.order_id FROM cat1.sales_db.orders;

SELECT `Order ID`, `über`, `数量` FROM unicode_names;

select order_id from orders where amount > 1;

SeLeCt order_id FrOm orders WhErE amount > 1 GrOuP bY order_id;

SELECT t.`a.b`, `t`.`c` FROM dotted AS t;

SELECT _private, col_1, Col2, c3_ FROM underscored;

SELECT A.price, C.price FROM single_letter_aliases AS A JOIN other AS C ON A.id = C.id;
