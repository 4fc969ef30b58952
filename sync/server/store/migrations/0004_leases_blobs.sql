-- A lease block whose numbers the device has all handed out (or passed over) no longer counts
-- against the device's cap of unused leased numbers; it is marked once, when found so.
ALTER TABLE leases ADD COLUMN spent BOOLEAN NOT NULL DEFAULT FALSE;
-- Who uploaded which content, and when last: uploading proves holding the content, the only
-- way besides seeing a record that refers to it to attach it; the time drives the grace
-- period before an unreferenced blob is collected, and the per-user quota of unattached bytes.
CREATE TABLE blob_uploads (
  sha256      TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  size        BIGINT NOT NULL,
  uploaded_at BIGINT NOT NULL,
  PRIMARY KEY (sha256, user_id)
);
CREATE INDEX blob_uploads_user ON blob_uploads(user_id);
