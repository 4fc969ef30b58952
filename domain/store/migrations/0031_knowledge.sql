-- Knowledge articles (KB0001001) and their versions, votes and ticket links: record kinds
-- declared in domain/knowledge. No foreign keys: a pull may bring records in any order.
CREATE TABLE articles (
  id               TEXT PRIMARY KEY,
  number           TEXT NOT NULL,
  type             TEXT NOT NULL DEFAULT 'article',
  title            TEXT NOT NULL,
  body             TEXT NOT NULL DEFAULT '',
  category         TEXT NOT NULL DEFAULT '',
  audience         TEXT NOT NULL,
  owner_id         TEXT NOT NULL,
  review_at        INTEGER,
  state            TEXT NOT NULL,
  source_ticket_id TEXT,
  created_by       TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX articles_number ON articles(number);
CREATE INDEX articles_state ON articles(state, audience);
CREATE INDEX articles_source ON articles(source_ticket_id);

-- Word forms are found as in tickets' search (0018): porter over unicode61. Prefix indexes
-- serve the word still being typed (a search and the suggestions ask with a trailing *).
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, body, category,
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

-- Each save of an article's text keeps a version (append-only, merged as a union).
CREATE TABLE article_versions (
  id         TEXT PRIMARY KEY,
  article_id TEXT NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  author_id  TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX article_versions_article ON article_versions(article_id, created_at);

-- Helpful / not helpful, one per person and article (the rules refuse a second; two desks
-- offline may still both send one, so readers count a person's latest).
CREATE TABLE article_votes (
  id         TEXT PRIMARY KEY,
  article_id TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  helpful    INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX article_votes_article ON article_votes(article_id, user_id);

-- Articles related to a ticket.
CREATE TABLE article_links (
  id         TEXT PRIMARY KEY,
  ticket_id  TEXT NOT NULL,
  article_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX article_links_ticket ON article_links(ticket_id);
CREATE INDEX article_links_article ON article_links(article_id);

-- This desk's own bookkeeping, never synced: how often an article was opened here, and the
-- tickets it deflected (opened while writing a ticket that was then abandoned).
CREATE TABLE article_views (
  article_id TEXT PRIMARY KEY,
  views      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE kb_deflections (
  id         TEXT PRIMARY KEY,
  article_id TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX kb_deflections_article ON kb_deflections(article_id);
