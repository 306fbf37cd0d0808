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
    return refused(token, current, "commit");
  }

  /**
   * As {@link #refused(FencingToken, long)}, for the write {@code what} ("commit", "failure count
   * of request r-1").
   */
  public static FencedException refused(FencingToken token, long current, String what) {
    String why =
        current == 0
            ? "the storage knows no epoch of the shard (its token is not from this storage)"
            : current > token.epoch()
                ? "the shard is at epoch " + current + " now: another runner acquired it since"
                : "the shard is at epoch " + current + ", older than the token's";
    return new FencedException(
        what
            + " refused for shard "
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

  /** The refusal of a token of one shard used for a request of another. */
  public static IllegalArgumentException otherShard(
      FencingToken token, io.cruster.persistence.spi.RequestRecord request) {
    return new IllegalArgumentException(
        "fencing token "
            + token
            + " is not of the shard of request "
            + request.requestId()
            + " ("
            + request.shard().group()
            + "/"
            + request.shard().id()
            + ")");
  }
}
