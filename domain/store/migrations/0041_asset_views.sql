-- Saved views of the asset list: a view says which list it is of. NULL, as every view saved
-- before, is the ticket queue; 'assets' the asset list (domain/view, the saved_view kind).
ALTER TABLE saved_views ADD COLUMN subject TEXT;
