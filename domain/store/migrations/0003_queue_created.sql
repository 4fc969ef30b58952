-- "Unassigned" and "My open" sorted by age: with only (assignee_id, active, priority,
-- created_at) SQLite sorted every open unassigned ticket in a temp b-tree (150 ms at 1M
-- tickets); this index serves the filter and the order together.
CREATE INDEX tickets_assignee_active_created ON tickets(assignee_id, active, created_at);
