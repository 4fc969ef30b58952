-- An attachment can be internal, like a work note: staff only, never shown or served to the
-- requester. Existing files were all visible to the requester, so they stay public.
ALTER TABLE attachments ADD COLUMN internal INTEGER NOT NULL DEFAULT 0;
