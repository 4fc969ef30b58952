-- Satisfaction ratings (domain/satisfaction): a requester's 1–5 rating of their resolved or
-- closed ticket, once, append-only, synced as the rating kind. The report reads them by
-- period, then by the ticket's group and agent.
CREATE TABLE ratings (
  id         TEXT PRIMARY KEY,
  ticket_id  TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  score      INTEGER NOT NULL,
  comment    TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX ratings_ticket ON ratings(ticket_id, user_id);
CREATE INDEX ratings_created ON ratings(created_at);
