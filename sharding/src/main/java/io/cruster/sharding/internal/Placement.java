package io.cruster.sharding.internal;

import io.cruster.actors.ShardId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which shards this node serves and who serves the others. A single node serves every shard of its
 * registered groups; a cluster node serves the shards whose locks it holds while it is not fenced.
 * Implementations are thread-safe and never block.
 */
public interface Placement {

  /** Whether this node may serve {@code shard} now. */
  boolean isLocal(ShardId shard);

  /**
   * Whether work already routed here for {@code shard} may still run: checked before every handler,
   * workflow step and timer. Unlike {@link #isLocal} it stays true while a shard is handed over
   * gracefully (its lock is still held, so queued work finishes); it turns false at once when the
   * runner loses the shard (its lease deadline passed on the monotonic clock, or the lease is
   * gone), even if nothing noticed yet. Cheap: no lock, no I/O.
   */
  default boolean mayRun(ShardId shard) {
    return isLocal(shard);
  }

  /** The shards whose stored requests and timers this node polls: those it serves. */
  Collection<ShardId> servedShards();

  /**
   * The {@code host:port} of the runner that should serve {@code shard}, as far as this node knows;
   * empty when no runner hosts the shard's group, or when it is this node (which then does not
   * serve it yet).
   */
  Optional<String> ownerAddress(ShardId shard);

  /** The placement of a single node: every shard is local; {@code shards} are the ones it polls. */
  static Placement all(Collection<ShardId> shards) {
    return new Placement() {
      @Override
      public boolean isLocal(ShardId shard) {
        return true;
      }

      @Override
      public Collection<ShardId> servedShards() {
        return shards;
      }

      @Override
      public Optional<String> ownerAddress(ShardId shard) {
        return Optional.empty();
      }
    };
  }

  /**
   * A placement that can be pointed at another one later: a cluster node serves nothing until it
   * has joined.
   */
  final class Switchable implements Placement {
    private volatile Placement target =
        new Placement() {
          @Override
          public boolean isLocal(ShardId shard) {
            return false;
          }

          @Override
          public Collection<ShardId> servedShards() {
            return List.of();
          }

          @Override
          public Optional<String> ownerAddress(ShardId shard) {
            return Optional.empty();
          }
        };

    public void target(Placement placement) {
      this.target = placement;
    }

    @Override
    public boolean isLocal(ShardId shard) {
      return target.isLocal(shard);
    }

    @Override
    public Collection<ShardId> servedShards() {
      return target.servedShards();
    }

    @Override
    public Optional<String> ownerAddress(ShardId shard) {
      return target.ownerAddress(shard);
    }

    @Override
    public boolean mayRun(ShardId shard) {
      return target.mayRun(shard);
    }
  }
}
