-- Notifications for people (issue 12): derived from the change log on the desk where a change
-- lands (a local write or a pulled page), once per person, change and type.

-- The change a notification came from and who made it. A change notifies a person of a type
-- once: a re-pulled or re-applied change finds its row and adds nothing. SLA notifications
-- have no change (NULL) and keep their own once-only rule (the sweep's fired levels).
ALTER TABLE notifications ADD COLUMN change_id TEXT;
ALTER TABLE notifications ADD COLUMN actor_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX notifications_once ON notifications(user_id, change_id, kind) WHERE change_id IS NOT NULL;
-- The centre pages newest first by (created_at, id), all or of some types.
CREATE INDEX notifications_page ON notifications(user_id, created_at DESC, id DESC);
CREATE INDEX notifications_kind_page ON notifications(user_id, kind, created_at DESC, id DESC);

-- Where the rules have read the change log up to (changes.seq), and since when a pulled
-- change is news (unix ms; set when the desk joins a server, so its first pull of the team's
-- history notifies nobody). History written before this version is not news either.
CREATE TABLE notify_state (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO notify_state(key, value) SELECT 'cursor', COALESCE(MAX(seq), 0) FROM changes;
INSERT INTO notify_state(key, value) VALUES ('epoch', 0);

-- A person following a ticket (kind ticket_follow, owned by the person, so it reaches their
-- other desks). Unfollowing sets following to 0; the record stays, as records do.
CREATE TABLE ticket_follows (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  ticket_id  TEXT NOT NULL,
  following  INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ticket_follows_ticket ON ticket_follows(ticket_id, user_id);
CREATE INDEX ticket_follows_user ON ticket_follows(user_id);

-- A person's switches per notification type (kind notify_prefs, owned by the person). A
-- person without a record gets every type.
CREATE TABLE notify_prefs (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  assigned   INTEGER NOT NULL DEFAULT 1,
  group_new  INTEGER NOT NULL DEFAULT 1,
  reply      INTEGER NOT NULL DEFAULT 1,
  mention    INTEGER NOT NULL DEFAULT 1,
  followed   INTEGER NOT NULL DEFAULT 1,
  reopened   INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_prefs_user ON notify_prefs(user_id);
