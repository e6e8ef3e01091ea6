-- A teacher's account also logs in with the teacher's staff number, in any case (the login form
-- lower-cases what is typed): this index finds the account by it.
CREATE INDEX teachers_staff_no_lower ON teachers (lower(staff_no));
