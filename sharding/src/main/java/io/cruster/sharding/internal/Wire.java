package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;
import io.cruster.actors.MailboxFullException;
import io.cruster.actors.SerializationException;
import io.cruster.persistence.StorageException;
import io.cruster.persistence.spi.ReplyRecord;
import io.cruster.remoting.internal.RemoteException;
import io.cruster.remoting.internal.RemoteFailure;
import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.sharding.CallTimeoutException;
import io.cruster.sharding.DeadLetteredException;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.MessageTooLargeException;
import io.cruster.sharding.NonDeterminismException;
import io.cruster.sharding.NotCallableException;
import io.cruster.sharding.ShardUnavailableException;
import io.cruster.sharding.UnknownEntityTypeException;
import io.cruster.sharding.UnknownMessageException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * How entity calls ride on the runner transport ({@link io.cruster.remoting.internal.RemoteCall}),
 * and how their failures cross it with their types.
 *
 * <p>Every call carries the header {@value #KIND}: {@value #RPC} (the payload is the message; the
 * reply is the result), {@value #STREAM} (a stream rpc; chunks are the results), {@value #DELIVER}
 * (a request the sender saved and forwards to the shard's owner; headers {@value #REQUEST_ID},
 * {@value #CREATED_AT} in epoch microseconds and {@value #EXPECTS_REPLY}; the reply is the stored
 * reply, see {@link #reply}) or {@value #WAKE} (a deferred of the entity was resolved; header
 * {@value #DEFERRED}). {@value #CALLER}, when present, names the calling entity ({@code type/id})
 * for visibility checks.
 */
final class Wire {
  static final String KIND = "cruster-kind";
  static final String RPC = "rpc";
  static final String STREAM = "stream";
  static final String DELIVER = "deliver";
  static final String WAKE = "wake";
  static final String CALLER = "cruster-caller";
  static final String REQUEST_ID = "cruster-request-id";
  static final String CREATED_AT = "cruster-created-at";
  static final String EXPECTS_REPLY = "cruster-expects-reply";
  static final String DEFERRED = "cruster-deferred";

  /** The tag of a {@value #WAKE} call (it carries no message). */
  static final String WAKE_TAG = "cruster.wake";

  private static final byte OK = 0;
  private static final byte FAILED = 1;

  /**
   * Exceptions rebuilt by class name on the caller's side, so a remote failure reads like a local
   * one.
   */
  private static final Map<String, Function<String, RuntimeException>> KNOWN =
      Map.of(
          MailboxFullException.class.getName(), MailboxFullException::new,
          DeadLetteredException.class.getName(), DeadLetteredException::new,
          NonDeterminismException.class.getName(), NonDeterminismException::new,
          SerializationException.class.getName(), SerializationException::new,
          StorageException.class.getName(), StorageException::new,
          CallTimeoutException.class.getName(), CallTimeoutException::new);

  private Wire() {}

  /**
   * A stored reply as the payload of a {@value #DELIVER} call's exit: one byte (0 ok, 1 failed),
   * then its bytes.
   */
  static byte[] reply(ReplyRecord reply) {
    byte[] out = new byte[reply.payload().length + 1];
    out[0] = reply.failure() ? FAILED : OK;
    System.arraycopy(reply.payload(), 0, out, 1, reply.payload().length);
    return out;
  }

  /** The inverse of {@link #reply(ReplyRecord)}. */
  static ReplyRecord reply(String requestId, byte[] bytes, Instant now) {
    if (bytes.length == 0 || (bytes[0] != OK && bytes[0] != FAILED)) {
      throw new SerializationException(
          "the reply to forwarded request " + requestId + " is malformed");
    }
    return new ReplyRecord(
        requestId, bytes[0] == FAILED, Arrays.copyOfRange(bytes, 1, bytes.length), now);
  }

  /** The failure to send back for an exception of the serving side. */
  static RemoteFailure failure(Throwable error) {
    Throwable e = Failures.unwrap(error);
    return switch (e) {
      case RemoteException remote -> remote.failure();
      case EntityException entity ->
          new RemoteFailure(Kind.ENTITY, entity.remoteType(), entity.remoteMessage(), false);
      case NotCallableException n -> typed(Kind.NOT_CALLABLE, n);
      case UnknownEntityTypeException u -> typed(Kind.UNKNOWN_TYPE, u);
      case UnknownMessageException u -> typed(Kind.UNKNOWN_MESSAGE, u);
      case MessageTooLargeException m -> typed(Kind.TOO_LARGE, m);
      case ShardUnavailableException s -> typed(Kind.UNAVAILABLE, s);
      case RuntimeClosedException c -> typed(Kind.UNAVAILABLE, c);
      case CallTimeoutException t -> typed(Kind.TIMEOUT, t);
      case SerializationException s -> typed(Kind.BAD_REQUEST, s);
      case IllegalArgumentException i -> typed(Kind.BAD_REQUEST, i);
      case CrusterException c ->
          new RemoteFailure(Kind.INTERNAL, c.getClass().getName(), message(c), c.isRetryable());
      default -> RemoteFailure.from(e);
    };
  }

  private static RemoteFailure typed(Kind kind, Throwable e) {
    return new RemoteFailure(kind, e.getClass().getName(), message(e), kind.retryableByDefault());
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? "" : e.getMessage();
  }

  /**
   * The exception a caller sees for a remote failure: the type it would have seen locally where
   * there is one.
   *
   * @param context what was called, such as {@code Counter/c-1 Increment}
   */
  static RuntimeException exception(String context, RemoteException e) {
    RemoteFailure f = e.failure();
    String where = f.message().isEmpty() ? context : f.message();
    return switch (f.kind()) {
      case ENTITY -> new EntityException(context, f.remoteType(), f.message());
      case NOT_CALLABLE -> new NotCallableException(where);
      case UNKNOWN_TYPE -> new UnknownEntityTypeException(where);
      case UNKNOWN_MESSAGE -> new UnknownMessageException(where);
      case TOO_LARGE -> new MessageTooLargeException(context + ": " + f.message());
      case TIMEOUT -> new CallTimeoutException(context + ": " + f.message());
      case UNAVAILABLE -> new ShardUnavailableException(context + ": " + f.message(), e);
      case BAD_REQUEST, INTERNAL -> {
        Function<String, RuntimeException> known = KNOWN.get(f.remoteType());
        yield known != null ? known.apply(where) : e;
      }
    };
  }
}
