-- changes_record indexed the change log by record for a per-record history nothing reads: the
-- timeline reads audit_entries, sync reads the log by device and pushed state. It cost a B-tree
-- insert for every change, written on every local edit and every pulled op.
DROP INDEX IF EXISTS changes_record;
