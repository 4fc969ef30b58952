-- Private kinds (a person's saved views) are pulled only by their owner and the members of the
-- group they are shared with (records.owner2 holds that group for them). A change that takes
-- such a record away from a group (a view no longer shared) keeps the group that saw it until
-- then in audience, so those members pull that change too and stop showing the record.
ALTER TABLE changes ADD COLUMN audience TEXT NOT NULL DEFAULT '';
-- A staff pull counts the changes of private kinds it may not see, by entity after its cursor.
CREATE INDEX changes_entity ON changes(entity, seq);
