package io.cruster.persistence.internal;

import io.cruster.persistence.FencedException;
import io.cruster.persistence.spi.FencingToken;

/** The refusal of a fenced commit, worded the same by every storage. Stateless. */
public final class Fencing {
  private Fencing() {}

  /**
   * The exception for a commit carrying {@code token} while its shard is at {@code current} (0: the
   * storage knows no epoch of the shard).
   */
  public static FencedException refused(FencingToken token, long current) {
    String why =
        current == 0
            ? "the storage knows no epoch of the shard (its token is not from this storage)"
            : current > token.epoch()
                ? "the shard is at epoch " + current + " now: another runner acquired it since"
                : "the shard is at epoch " + current + ", older than the token's";
    return new FencedException(
        "commit refused for shard "
            + token.shard().group()
            + "/"
            + token.shard().id()
            + ": it carries epoch "
            + token.epoch()
            + " but "
            + why
            + "; nothing was committed",
        token.shard(),
        token.epoch(),
        current);
  }
}
