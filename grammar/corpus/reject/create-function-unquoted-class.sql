-- error: Unexpected identifier 'com'
-- at: 3:22
CREATE FUNCTION f AS com.example.F;
