-- Cruster's own tables: saved requests and their replies, entity and trait state, the workflow journal,
-- deferred slots, durable timers, and the version table of the migration runner.
--
-- Written to be re-runnable (IF NOT EXISTS everywhere), so a database set up by another migration tool can
-- later be handed to Cruster's runner (io.cruster.persistence.Migrations) without failing on V0001.
-- Key and id columns use the "C" collation: byte order compares fastest and sorts the same on every
-- server, whatever its default locale (timer ids break ties in due order).
--
-- Index choices were checked with EXPLAIN (ANALYZE, BUFFERS) on 1,000,000 generated rows per table: the
-- plans seen are recorded in migrations/README.md, and IndexPlansIT re-checks them on every IT run.

-- The migration runner's record of what it applied (it also creates this table itself before V0001).
CREATE TABLE IF NOT EXISTS cruster_schema_version (
  version      integer     NOT NULL PRIMARY KEY,
  name         text        NOT NULL,
  checksum     text        NOT NULL,
  applied_at   timestamptz NOT NULL DEFAULT now(),
  execution_ms bigint      NOT NULL
);

-- Saved requests (MessageStorage). A request is PENDING until answered (DONE, with its reply), failed for
-- good (FAILED, with its failure reply) or dead-lettered (DEAD_LETTER, after too many failed deliveries).
-- seq is the insertion order, the last tie-breaker of every ordering.
CREATE TABLE IF NOT EXISTS cruster_requests (
  seq           bigint      GENERATED ALWAYS AS IDENTITY,
  request_id    text        COLLATE "C" NOT NULL,
  entity_type   text        COLLATE "C" NOT NULL,
  entity_id     text        COLLATE "C" NOT NULL,
  shard_group   text        COLLATE "C" NOT NULL,
  shard_id      integer     NOT NULL,
  tag           text        NOT NULL,
  payload       bytea       NOT NULL,
  dedupe_key    text        COLLATE "C" NOT NULL,
  expects_reply boolean     NOT NULL,
  created_at    timestamptz NOT NULL,
  deliver_at    timestamptz NOT NULL,
  status        text        NOT NULL DEFAULT 'PENDING',
  failures      integer     NOT NULL DEFAULT 0,
  last_error    text,
  reply_failure boolean,
  reply_payload bytea,
  reply_at      timestamptz,
  CONSTRAINT cruster_requests_pkey PRIMARY KEY (request_id),
  -- De-duplication per entity: the idempotency key (or the request id when the call has none).
  CONSTRAINT cruster_requests_dedupe UNIQUE (entity_type, entity_id, dedupe_key),
  CONSTRAINT cruster_requests_status CHECK (status IN ('PENDING', 'DONE', 'FAILED', 'DEAD_LETTER')),
  CONSTRAINT cruster_requests_failures CHECK (failures >= 0),
  -- A reply is whole or absent, and present exactly when the request is DONE or FAILED.
  CONSTRAINT cruster_requests_reply CHECK (
    (reply_payload IS NULL) = (reply_at IS NULL)
    AND (reply_payload IS NULL) = (reply_failure IS NULL)
    AND (reply_payload IS NOT NULL) = (status IN ('DONE', 'FAILED')))
);

-- MessageStorage.pending: per shard, the due PENDING requests in delivery order (deliver_at, created_at,
-- seq). Partial, so the index holds only the live queue, not the DONE history.
CREATE INDEX IF NOT EXISTS cruster_requests_pending
  ON cruster_requests (shard_group, shard_id, deliver_at, created_at, seq)
  WHERE status = 'PENDING';

-- MessageStorage.deadLetters: oldest first.
CREATE INDEX IF NOT EXISTS cruster_requests_dead_letters
  ON cruster_requests (created_at, seq)
  WHERE status = 'DEAD_LETTER';

-- MessageStorage.purgeCompleted: DONE requests by the time of their reply, oldest first (retention).
CREATE INDEX IF NOT EXISTS cruster_requests_done
  ON cruster_requests (reply_at, seq)
  WHERE status = 'DONE';

-- The last committed state of each entity; version is 1 for the first commit, then +1 per commit.
CREATE TABLE IF NOT EXISTS cruster_entity_state (
  entity_type text        COLLATE "C" NOT NULL,
  entity_id   text        COLLATE "C" NOT NULL,
  state       bytea       NOT NULL,
  version     bigint      NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cruster_entity_state_pkey PRIMARY KEY (entity_type, entity_id),
  CONSTRAINT cruster_entity_state_version CHECK (version >= 1)
);

-- The states of the traits composed into an entity, replaced whole with the entity state.
CREATE TABLE IF NOT EXISTS cruster_trait_state (
  entity_type text  COLLATE "C" NOT NULL,
  entity_id   text  COLLATE "C" NOT NULL,
  trait_name  text  COLLATE "C" NOT NULL,
  state       bytea NOT NULL,
  CONSTRAINT cruster_trait_state_pkey PRIMARY KEY (entity_type, entity_id, trait_name),
  CONSTRAINT cruster_trait_state_entity FOREIGN KEY (entity_type, entity_id)
    REFERENCES cruster_entity_state (entity_type, entity_id) ON DELETE CASCADE
);

-- The steps of workflow executions; the primary key refuses a step recorded twice.
CREATE TABLE IF NOT EXISTS cruster_journal (
  execution_id text        COLLATE "C" NOT NULL,
  step         integer     NOT NULL,
  kind         text        NOT NULL,
  tag          text        NOT NULL,
  result       bytea       NOT NULL,
  failed       boolean     NOT NULL,
  recorded_at  timestamptz NOT NULL,
  CONSTRAINT cruster_journal_pkey PRIMARY KEY (execution_id, step),
  CONSTRAINT cruster_journal_step CHECK (step >= 1)
);

-- Resolved deferred slots; an empty slot has no row.
CREATE TABLE IF NOT EXISTS cruster_deferreds (
  entity_type text        COLLATE "C" NOT NULL,
  entity_id   text        COLLATE "C" NOT NULL,
  name        text        COLLATE "C" NOT NULL,
  value       bytea       NOT NULL,
  resolved_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cruster_deferreds_pkey PRIMARY KEY (entity_type, entity_id, name)
);

-- Durable timers of workflow executions; they stay until deleted, also when due.
CREATE TABLE IF NOT EXISTS cruster_timers (
  timer_id     text        COLLATE "C" NOT NULL,
  entity_type  text        COLLATE "C" NOT NULL,
  entity_id    text        COLLATE "C" NOT NULL,
  shard_group  text        COLLATE "C" NOT NULL,
  shard_id     integer     NOT NULL,
  execution_id text        COLLATE "C" NOT NULL,
  step         integer     NOT NULL,
  wake_at      timestamptz NOT NULL,
  CONSTRAINT cruster_timers_pkey PRIMARY KEY (timer_id),
  CONSTRAINT cruster_timers_step CHECK (step >= 1)
);

-- TimerStore.due: per shard, earliest first.
CREATE INDEX IF NOT EXISTS cruster_timers_due
  ON cruster_timers (shard_group, shard_id, wake_at, timer_id);

-- TimerStore.forEntity: the timers of one entity, earliest first.
CREATE INDEX IF NOT EXISTS cruster_timers_entity
  ON cruster_timers (entity_type, entity_id, wake_at, timer_id);
