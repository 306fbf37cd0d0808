package io.cruster.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.CrusterException;
import io.cruster.actors.EntityAddress;
import io.cruster.actors.ShardId;
import io.cruster.remoting.internal.RemoteFailure.Kind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteValuesTest {
  private static final EntityAddress ADDRESS = new EntityAddress("Counter", "c-1");
  private static final ShardId SHARD = new ShardId("default", 1);

  @Test
  void aCallCopiesItsMapsAndChecksItsParts() {
    Map<String, String> headers = new HashMap<>(Map.of("a", "b"));
    RemoteCall call = RemoteCall.builder(ADDRESS, SHARD, "Get").header("a", "b").build();
    headers.put("c", "d");
    assertEquals(Map.of("a", "b"), call.headers());
    assertThrows(UnsupportedOperationException.class, () -> call.headers().put("x", "y"));
    assertThrows(
        IllegalArgumentException.class, () -> RemoteCall.of(ADDRESS, SHARD, " ", new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> call.withTimeout(Duration.ZERO));
    assertThrows(
        NullPointerException.class, () -> RemoteCall.of(ADDRESS, null, "Get", new byte[0]));
  }

  @Test
  void aCallPrintsItsSizeNotItsBytes() {
    RemoteCall call = RemoteCall.of(ADDRESS, SHARD, "Put", new byte[1234]);
    assertEquals("RemoteCall[Counter/c-1 in default:1, Put, 1234 bytes]", call.toString());
  }

  @Test
  void kindsSayWhatIsRetryableByDefault() {
    assertTrue(RemoteFailure.of(Kind.TIMEOUT, "").retryable());
    assertTrue(RemoteFailure.of(Kind.UNAVAILABLE, "").retryable());
    assertFalse(RemoteFailure.of(Kind.ENTITY, "").retryable());
    assertFalse(RemoteFailure.of(Kind.BAD_REQUEST, "").retryable());
    assertFalse(RemoteFailure.of(Kind.TOO_LARGE, "").retryable());
  }

  @Test
  void failuresFromExceptions() {
    RemoteFailure entity = RemoteFailure.entity(new IllegalStateException("frozen"));
    assertEquals(
        new RemoteFailure(Kind.ENTITY, "java.lang.IllegalStateException", "frozen", false), entity);
    RemoteException remote =
        new RemoteException("call X", RemoteFailure.of(Kind.NOT_CALLABLE, "private"));
    assertSame(remote.failure(), RemoteFailure.from(remote));
    assertEquals(Kind.INTERNAL, RemoteFailure.from(new NullPointerException()).kind());
    assertEquals("", RemoteFailure.from(new NullPointerException()).message());
  }

  @Test
  void aRemoteExceptionNamesItsSubjectAndKind() {
    RemoteException e =
        new RemoteException(
            "call Counter/c-1 Get on 10.0.0.2:9000",
            new RemoteFailure(Kind.ENTITY, "x.Frozen", "no more", false));
    assertTrue(e instanceof CrusterException);
    assertEquals("call Counter/c-1 Get on 10.0.0.2:9000: ENTITY x.Frozen: no more", e.getMessage());
    assertEquals("x.Frozen", e.remoteType());
    assertEquals("no more", e.remoteMessage());
    assertFalse(e.isRetryable());
    assertTrue(new RemoteException("c", RemoteFailure.of(Kind.UNAVAILABLE, "down")).isRetryable());
  }
}
