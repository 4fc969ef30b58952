-- The directory syncs as record kinds: people, groups, memberships, categories and services
-- are created and edited on any desk and reach every other. A kind is deactivated, never
-- deleted (tickets keep naming it), so groups, categories and services gain an active flag.
-- A membership becomes a record of its own: its id is a name-based UUID of the group and the
-- user (people.MemberID), so the same person added to the same group on two desks is one
-- record, and removing them sets active 0 (adding them back sets it to 1 again) instead of
-- deleting a row another desk still edits. SQL cannot compute that UUID: rows take a
-- placeholder here (group_id || ':' || user_id) that the desk replaces when it opens.
ALTER TABLE assignment_groups ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE assignment_groups ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE categories ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE group_members_new (
  id       TEXT PRIMARY KEY,
  group_id TEXT NOT NULL REFERENCES assignment_groups(id),
  user_id  TEXT NOT NULL REFERENCES users(id),
  active   INTEGER NOT NULL DEFAULT 1,
  UNIQUE (group_id, user_id)
);
INSERT INTO group_members_new(id, group_id, user_id) SELECT group_id || ':' || user_id, group_id, user_id FROM group_members;
DROP TABLE group_members;
ALTER TABLE group_members_new RENAME TO group_members;
CREATE INDEX group_members_user ON group_members(user_id);

-- Services a ticket is about (e-mail, VPN, payroll): picked from this list; a ticket's
-- service stays text, so values typed before the list existed stay valid.
CREATE TABLE services (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL
);
