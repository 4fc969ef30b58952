-- Approvals (domain/approval): one mechanism for every kind that needs them. An approval
-- names its subject by kind and id; its decisions are an append-only trail. state and
-- decided_at are derived on each desk from the decisions (approval.Outcome), never synced.
CREATE TABLE approvals (
  id           TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  summary      TEXT NOT NULL DEFAULT '',
  rule_by      TEXT NOT NULL,
  policy       TEXT NOT NULL,
  group_id     TEXT NOT NULL DEFAULT '',
  for_id       TEXT NOT NULL DEFAULT '',
  manager_id   TEXT NOT NULL DEFAULT '',
  approvers    TEXT NOT NULL DEFAULT '[]',
  requested_by TEXT NOT NULL,
  cancelled    INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  state        TEXT NOT NULL DEFAULT 'pending',
  decided_at   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX approvals_subject ON approvals(subject_kind, subject_id);
CREATE INDEX approvals_state ON approvals(state, created_at);

CREATE TABLE approval_decisions (
  id          TEXT PRIMARY KEY,
  approval_id TEXT NOT NULL,
  approver_id TEXT NOT NULL,
  verdict     TEXT NOT NULL,
  comment     TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);
CREATE INDEX approval_decisions_approval ON approval_decisions(approval_id, approver_id);

-- A person's manager decides what the "requester's manager" rule asks of them.
ALTER TABLE users ADD COLUMN manager_id TEXT;
