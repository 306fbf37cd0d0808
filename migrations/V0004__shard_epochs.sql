-- Fencing at the database: the current epoch of each shard. A runner that acquires shards begins a new epoch
-- of each (Storage.fenceShards: epoch + 1, taking the row's lock), and every commit for an entity of a shard
-- carries the epoch its runner got: the commit reads the row FOR SHARE in its own transaction and is refused
-- when the epoch differs, so a runner that lost a shard (paused or cut off past its lease) cannot commit for it.
-- The share lock makes a new epoch wait for commits of the old one in flight: none lands after it.
-- Rows are never deleted (an epoch must never go back).
CREATE TABLE IF NOT EXISTS cruster_shard_epochs (
  shard_group text        COLLATE "C" NOT NULL,
  shard_id    integer     NOT NULL,
  epoch       bigint      NOT NULL CHECK (epoch >= 1),
  fenced_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shard_group, shard_id)
);
