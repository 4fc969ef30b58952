-- Why the desk made a change by itself: a cause key naming the fired SLA level and action
-- ("sla:<ticket>:<kind>:<target>:<percent>:<action>") or the auto-close ("autoclose:<ticket>").
-- Every joined desk runs the same automatic work; the server keeps the first desk's work per
-- key and refuses the others'. Empty for a person's own edit.
ALTER TABLE changes ADD COLUMN cause TEXT NOT NULL DEFAULT '';
