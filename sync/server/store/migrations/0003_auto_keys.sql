-- Automatic work already done, by key (see protocol.Op.AutoKey): every joined desk runs the
-- same SLA escalations and auto-closes; the first device to push a key keeps it, and another
-- device's ops under it are refused as duplicates. seq is the first accepted change's.
CREATE TABLE auto_keys (
  auto_key  TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  seq       BIGINT NOT NULL
);
