-- What a person half-typed in a ticket's comment box, per ticket and kind, so it survives
-- opening another ticket and a restart. Local to the profile: drafts never sync.
CREATE TABLE drafts (
  user_id    TEXT NOT NULL,
  ticket_id  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  body       TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, ticket_id, kind)
);
