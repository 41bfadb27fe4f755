-- operator: regular SEMI and ANTI joins (IN, NOT EXISTS, NOT IN with SQL's NULL semantics)
-- order: ordered
-- The subquery side is read to its end first (the runner reads a two-input operator's right input
-- before its left input). IN emits each matching employee once, however many departments match.
-- NOT EXISTS keeps employees without a match, including dan (NULL deptno matches nothing). NOT IN is
-- false or unknown for a NULL deptno (dan is dropped), and a NULL in the subquery makes it unknown for
-- everyone: the last query returns nothing.
-- file: employees.json
--| {"deptno": 1, "name": "ann"}
--| {"deptno": 2, "name": "bob"}
--| {"deptno": 3, "name": "cid"}
--| {"deptno": null, "name": "dan"}
-- file: departments.json
--| {"dno": 1}
--| {"dno": 2}
--| {"dno": 2}
-- file: departments-with-null.json
--| {"dno": 1}
--| {"dno": null}
CREATE TABLE employees (deptno INT, name STRING)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/employees.json', 'format' = 'json');
CREATE TABLE departments (dno INT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/departments.json', 'format' = 'json');
CREATE TABLE departments_with_null (dno INT)
WITH ('connector' = 'filesystem', 'path' = '${DATA}/departments-with-null.json', 'format' = 'json');
SELECT 'in' AS q, name FROM employees WHERE deptno IN (SELECT dno FROM departments);
SELECT 'not exists' AS q, name FROM employees e
WHERE NOT EXISTS (SELECT * FROM departments d WHERE d.dno = e.deptno);
SELECT 'not in' AS q, name FROM employees WHERE deptno NOT IN (SELECT dno FROM departments);
SELECT 'not in, null' AS q, name FROM employees WHERE deptno NOT IN (SELECT dno FROM departments_with_null);
-- expected:
-- +I[in, ann]
-- +I[in, bob]
-- +I[not exists, cid]
-- +I[not exists, dan]
-- +I[not in, cid]
