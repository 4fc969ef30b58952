-- Departmental desks: IT, HR and Facilities to start with (admins add more); groups and
-- categories belong to one (NULL: shared by every department). The seeds are the department
-- kind's (domain/desk/directory_kinds.go): fixed ids, the same on every desk.
CREATE TABLE departments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL DEFAULT 0,
  updated_at  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO departments(id, name) VALUES
  ('0190e1a8-5a00-7000-8000-000000000d01', 'IT'),
  ('0190e1a8-5a00-7000-8000-000000000d02', 'HR'),
  ('0190e1a8-5a00-7000-8000-000000000d03', 'Facilities');

ALTER TABLE assignment_groups ADD COLUMN department_id TEXT;
ALTER TABLE categories ADD COLUMN department_id TEXT;
CREATE INDEX assignment_groups_department ON assignment_groups(department_id);
