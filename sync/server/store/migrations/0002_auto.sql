-- Changes a desk made by itself (auto-close, SLA escalations), pushed by its signed-in user.
ALTER TABLE changes ADD COLUMN auto BOOLEAN NOT NULL DEFAULT FALSE;
