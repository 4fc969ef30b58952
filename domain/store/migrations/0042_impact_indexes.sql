-- Impact analysis (domain/asset/impact.go), profiled on the 10k-CI bench. Its walk checks
-- each relationship's source is a live CI: with this index that is one look-up, not the
-- primary key's index and then the row. Its people are the users of the reached CIs: one
-- look-up per CI in this small index of live used-by relationships, where the index by
-- source led to every relationship of the CI, row by row, to read its type (0.2 ms, not 1.3).
CREATE INDEX assets_live ON assets(id) WHERE archived = 0;
CREATE INDEX asset_relations_used ON asset_relations(from_id, user_id) WHERE type = 'used_by' AND active = 1;
