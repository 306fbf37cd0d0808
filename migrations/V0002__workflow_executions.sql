-- Workflow executions as records of their own (ExecutionStore): found, listed, followed, cancelled and purged
-- after workflowRetention. A record is written with the request that starts the workflow (its id is that
-- request's id) and copies what outlives the request's own retention: the input message and the final reply.
-- Its status changes inside writes a workflow makes anyway (journal inserts, the timer delete after a sleep,
-- the reply), so following executions costs no round trip of its own.
--
-- Index choices were checked with EXPLAIN (ANALYZE, BUFFERS) on 1,000,000 generated executions in mixed
-- states: see migrations/README.md and IndexPlansIT.

CREATE TABLE IF NOT EXISTS cruster_executions (
  execution_id   text        COLLATE "C" NOT NULL,
  entity_type    text        COLLATE "C" NOT NULL,
  entity_id      text        COLLATE "C" NOT NULL,
  shard_group    text        COLLATE "C" NOT NULL,
  shard_id       integer     NOT NULL,
  tag            text        COLLATE "C" NOT NULL,
  status         text        COLLATE "C" NOT NULL,
  started_at     timestamptz NOT NULL,
  ended_at       timestamptz,
  failure        text,
  cancel_reason  text,
  cancel_at      timestamptz,
  restarted_from text        COLLATE "C",
  reply_failure  boolean,
  reply_payload  bytea,
  input          bytea       NOT NULL,
  CONSTRAINT cruster_executions_pkey PRIMARY KEY (execution_id),
  CONSTRAINT cruster_executions_status CHECK (
    status IN ('RUNNING', 'SLEEPING', 'AWAITING', 'COMPLETED', 'FAILED', 'CANCELLED')),
  -- An end time exactly when the status is final.
  CONSTRAINT cruster_executions_ended CHECK (
    (ended_at IS NOT NULL) = (status IN ('COMPLETED', 'FAILED', 'CANCELLED'))),
  CONSTRAINT cruster_executions_cancel CHECK ((cancel_reason IS NULL) = (cancel_at IS NULL)),
  CONSTRAINT cruster_executions_reply CHECK ((reply_payload IS NULL) = (reply_failure IS NULL))
);

-- ExecutionStore.list by entity type (with or without status, time range): per status (a LATERAL over
-- the statuses asked for), newest first, then merged; scanned backward.
CREATE INDEX IF NOT EXISTS cruster_executions_type
  ON cruster_executions (entity_type, status, started_at, execution_id);

-- ExecutionStore.list without entity type or tag (all, by status, by time range): the same per status;
-- also ExecutionStore.purge (finished statuses, oldest start first, filtered by end).
CREATE INDEX IF NOT EXISTS cruster_executions_by_status
  ON cruster_executions (status, started_at, execution_id);

-- ExecutionStore.list by workflow tag (with or without type, status, time range): per status, like the above.
CREATE INDEX IF NOT EXISTS cruster_executions_tag
  ON cruster_executions (tag, status, started_at, execution_id);

-- ExecutionStore.list by entity id (the executions of one entity).
CREATE INDEX IF NOT EXISTS cruster_executions_entity
  ON cruster_executions (entity_id, started_at, execution_id);

-- Workflows that ran before this migration: a request with journal entries started one. Their records are
-- built from the request (a PENDING one is SLEEPING if it has a timer), so they can be listed and purged.
INSERT INTO cruster_executions (execution_id, entity_type, entity_id, shard_group, shard_id, tag, status,
  started_at, ended_at, failure, reply_failure, reply_payload, input)
SELECT r.request_id, r.entity_type, r.entity_id, r.shard_group, r.shard_id, r.tag,
  CASE
    WHEN r.status = 'PENDING' AND t.execution_id IS NOT NULL THEN 'SLEEPING'
    WHEN r.status = 'PENDING' THEN 'RUNNING'
    WHEN r.status = 'DONE' AND NOT r.reply_failure THEN 'COMPLETED'
    ELSE 'FAILED'
  END,
  r.created_at,
  CASE WHEN r.status = 'PENDING' THEN NULL ELSE coalesce(r.reply_at, now()) END,
  CASE
    WHEN r.status = 'DEAD_LETTER' THEN 'dead-lettered; last error: ' || coalesce(r.last_error, '')
    WHEN r.status <> 'PENDING' AND r.reply_failure THEN 'failed before execution records were kept'
  END,
  r.reply_failure, r.reply_payload, r.payload
FROM cruster_requests r
LEFT JOIN (SELECT DISTINCT execution_id FROM cruster_timers) t ON t.execution_id = r.request_id
WHERE EXISTS (SELECT 1 FROM cruster_journal j WHERE j.execution_id = r.request_id)
ON CONFLICT DO NOTHING;
