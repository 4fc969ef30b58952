-- The service catalog: items (a form, an approval rule, fulfilment tasks), the requests
-- submitted for them (one per request ticket, sharing its id) and their fulfilment tasks
-- TASK0001001: record kinds declared in domain/catalog. No foreign keys: a pull may bring
-- records in any order.
CREATE TABLE catalog_items (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  category      TEXT NOT NULL DEFAULT '',
  department_id TEXT,
  active        INTEGER NOT NULL DEFAULT 1,
  form          TEXT NOT NULL DEFAULT '{"fields":[]}',
  approval      TEXT NOT NULL DEFAULT '{"rule":"none"}',
  group_id      TEXT,
  task_mode     TEXT NOT NULL DEFAULT 'checklist',
  tasks         TEXT NOT NULL DEFAULT '[]',
  sla_policy_id TEXT,
  created_by    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX catalog_items_category ON catalog_items(active, category, name);

CREATE TABLE catalog_requests (
  id            TEXT PRIMARY KEY,
  item_id       TEXT NOT NULL,
  answers       TEXT NOT NULL DEFAULT '{}',
  requested_for TEXT NOT NULL,
  due_at        INTEGER,
  stage         TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX catalog_requests_stage ON catalog_requests(stage);

CREATE TABLE catalog_tasks (
  id           TEXT PRIMARY KEY,
  number       TEXT NOT NULL,
  type         TEXT NOT NULL DEFAULT 'task',
  request_id   TEXT NOT NULL,
  requester_id TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  mode         TEXT NOT NULL,
  title        TEXT NOT NULL,
  group_id     TEXT,
  assignee_id  TEXT,
  state        TEXT NOT NULL,
  due_at       INTEGER,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  closed_at    INTEGER
);
CREATE INDEX catalog_tasks_request ON catalog_tasks(request_id, seq);
CREATE INDEX catalog_tasks_queue ON catalog_tasks(state, group_id, assignee_id);
CREATE INDEX catalog_tasks_number ON catalog_tasks(number);
