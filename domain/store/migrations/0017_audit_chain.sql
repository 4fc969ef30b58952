-- The audit trail is hash-chained (domain/audit): seq is an entry's place in the chain,
-- prev_hash the hash of the entry before it, hash SHA-256 over prev_hash and the entry's
-- content. SQLite has no sha256 function, so the rows written before this migration are
-- chained in Go when the profile next opens (audit.Seal), told by the audit_seal_pending
-- setting; a row with no seq after that is one nobody chained, which verification reports.
ALTER TABLE audit_entries ADD COLUMN seq INTEGER;
ALTER TABLE audit_entries ADD COLUMN prev_hash BLOB;
ALTER TABLE audit_entries ADD COLUMN hash BLOB;
CREATE UNIQUE INDEX audit_entries_seq ON audit_entries(seq);
-- A withdrawn entry stays in the chain; the entry withdrawing it names it in old_value.
CREATE INDEX audit_entries_withdrawn ON audit_entries(old_value) WHERE field = 'withdrawn';
-- The trail as the desk shows it: without withdrawn entries nor the entries withdrawing them.
CREATE VIEW audit_trail AS SELECT * FROM audit_entries a WHERE a.field <> 'withdrawn'
  AND NOT EXISTS (SELECT 1 FROM audit_entries w WHERE w.field = 'withdrawn' AND w.old_value = a.id);
INSERT INTO settings(key, value) VALUES ('audit_seal_pending', '1') ON CONFLICT(key) DO UPDATE SET value = '1';
