-- Regular SEMI (IN) and ANTI (NOT IN) joins: the ANTI join retracts a left row when a match arrives
CREATE TABLE employees (deptno INT, name STRING) WITH ('connector' = 'values');
CREATE TABLE departments (dno INT, dname STRING) WITH ('connector' = 'values');
EXPLAIN CHANGELOG_MODE SELECT name FROM employees WHERE deptno IN (SELECT dno FROM departments);
EXPLAIN CHANGELOG_MODE SELECT name FROM employees WHERE deptno NOT IN (SELECT dno FROM departments);
