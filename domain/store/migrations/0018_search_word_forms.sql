-- Search finds word forms: the porter stemmer on top of unicode61, so "monitors" finds
-- "monitor" and "jammed" finds "jams". FTS5 cannot change the tokenizer of
-- a table, so the index is built again under the new one from the text the old one holds
-- (the same rows, aliases and comments included), then takes its name.
CREATE VIRTUAL TABLE tickets_fts_new USING fts5(
  number, title, description, replies, notes,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO tickets_fts_new(rowid, number, title, description, replies, notes)
  SELECT rowid, number, title, description, replies, notes FROM tickets_fts ORDER BY rowid;
DROP TABLE tickets_fts;
ALTER TABLE tickets_fts_new RENAME TO tickets_fts;

-- A word of a search that names a category finds the tickets filed under it by index.
CREATE INDEX tickets_category ON tickets(category);
CREATE INDEX tickets_subcategory ON tickets(subcategory);
