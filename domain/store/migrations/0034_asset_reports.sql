-- The asset reports (domain/asset/report.go): warranties ending within N days, and machines
-- an inventory has not seen for N days.
CREATE INDEX assets_warranty_end ON assets(warranty_end) WHERE warranty_end <> '';
CREATE INDEX assets_last_seen ON assets(last_seen_at) WHERE last_seen_at IS NOT NULL;
