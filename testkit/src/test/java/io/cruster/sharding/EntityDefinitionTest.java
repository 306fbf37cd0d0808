package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Every rule an entity type breaks is caught once, by build(), with a message naming the type, the
 * message and the rule.
 */
@Timeout(30)
class EntityDefinitionTest {
  record Plain(int n) {}

  record Ping() implements Rpc<String> {}

  record Pong() implements Rpc<String> {}

  @Tag("shared-tag")
  record First() implements Rpc<String> {}

  @Tag("shared-tag")
  record Second() implements Rpc<String> {}

  /** A state no serializer can store: it holds a live socket. */
  record Connected(Socket socket) {}

  /** A state holding a thread. */
  record Threaded(Thread worker) {}

  @Private
  record SecretStream() implements StreamRpc<Integer> {}

  @Protected
  record GuardedStream() implements StreamRpc<Integer> {}

  @Public
  @Private
  record Confused() implements Activity<String> {}

  /** Not a record. */
  static final class NotARecord implements Rpc<String> {}

  private static void assertRefused(Executable build, String... mentions) {
    EntityDefinitionException e = assertThrows(EntityDefinitionException.class, build);
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "[" + e.getMessage() + "] should mention " + m);
    }
  }

  @Test
  void typeWithoutInitIsRefused() {
    assertRefused(
        () -> EntityType.define("NoInit", Plain.class).rpc(Ping.class, (ctx, m) -> "pong").build(),
        "NoInit",
        "init");
  }

  @Test
  void twoHandlersForOneMessageClassAreRefused() {
    assertRefused(
        () ->
            EntityType.define("Doubled", Plain.class)
                .init(ctx -> new Plain(0))
                .rpc(Ping.class, (ctx, m) -> "pong")
                .rpc(Ping.class, (ctx, m) -> "pong again")
                .build(),
        "Doubled",
        Ping.class.getName(),
        "more than one handler");
  }

  @Test
  void twoRecordsWithTheSameTagAreRefused() {
    assertRefused(
        () ->
            EntityType.define("Tagged", Plain.class)
                .init(ctx -> new Plain(0))
                .rpc(First.class, (ctx, m) -> "1")
                .rpc(Second.class, (ctx, m) -> "2")
                .build(),
        "Tagged",
        "shared-tag",
        First.class.getName(),
        Second.class.getName());
  }

  @Test
  void stateHoldingASocketIsRefused() {
    assertRefused(
        () ->
            EntityType.define("Wired", Connected.class)
                .init(ctx -> new Connected(null))
                .rpc(Ping.class, (ctx, m) -> "pong")
                .build(),
        "Wired",
        Connected.class.getName(),
        "serializ");
  }

  @Test
  void stateHoldingAThreadIsRefused() {
    assertRefused(
        () -> EntityType.define("Threaded", Threaded.class).init(ctx -> new Threaded(null)).build(),
        "Threaded",
        Threaded.class.getName(),
        "serializ");
  }

  @Test
  void privateStreamRpcIsRefused() {
    assertRefused(
        () ->
            EntityType.define("Streamer", Plain.class).init(ctx -> new Plain(0)).stream(
                    SecretStream.class, (ctx, m, out) -> out.emit(1))
                .build(),
        "Streamer",
        SecretStream.class.getName(),
        "Public");
  }

  @Test
  void protectedStreamRpcIsRefused() {
    assertRefused(
        () ->
            EntityType.define("Streamer", Plain.class).init(ctx -> new Plain(0)).stream(
                    GuardedStream.class, (ctx, m, out) -> out.emit(1))
                .build(),
        "Streamer",
        GuardedStream.class.getName());
  }

  @Test
  void twoVisibilitiesOnOneMessageAreRefused() {
    assertRefused(
        () ->
            EntityType.define("Confused", Plain.class)
                .init(ctx -> new Plain(0))
                .activity(Confused.class, (ctx, m) -> "?")
                .build(),
        "Confused",
        Confused.class.getName());
  }

  @Test
  void messageThatIsNotARecordIsRefused() {
    assertRefused(
        () ->
            EntityType.define("Classy", Plain.class)
                .init(ctx -> new Plain(0))
                .rpc(NotARecord.class, (ctx, m) -> "pong")
                .build(),
        "Classy",
        NotARecord.class.getName(),
        "record");
  }

  @Test
  void traitWithoutInitIsRefused() {
    assertRefused(
        () ->
            EntityTrait.define("uninitialised", Plain.class)
                .rpc(Ping.class, (ctx, m) -> "pong")
                .build(),
        "uninitialised",
        "init");
  }

  @Test
  void traitComposedTwiceIsRefused() {
    EntityTrait<Plain> trait =
        EntityTrait.define("twice", Plain.class).init(ctx -> new Plain(0)).build();
    assertRefused(
        () ->
            EntityType.define("Twice", Plain.class)
                .init(ctx -> new Plain(0))
                .with(trait)
                .with(trait)
                .build(),
        "Twice",
        "twice");
  }

  @Test
  void traitAndEntityHandlingTheSameMessageAreRefused() {
    EntityTrait<Plain> trait =
        EntityTrait.define("pinger", Plain.class)
            .init(ctx -> new Plain(0))
            .rpc(Ping.class, (ctx, m) -> "trait pong")
            .build();
    assertRefused(
        () ->
            EntityType.define("Clash", Plain.class)
                .init(ctx -> new Plain(0))
                .with(trait)
                .rpc(Ping.class, (ctx, m) -> "entity pong")
                .build(),
        "Clash",
        Ping.class.getName());
  }

  @Test
  void badTypeNameIsRefused() {
    assertRefused(
        () -> EntityType.define("bad name!", Plain.class).init(ctx -> new Plain(0)).build(),
        "bad name!");
  }

  @Test
  void negativeMailboxCapacityIsRefused() {
    assertRefused(
        () ->
            EntityType.define("Tiny", Plain.class)
                .init(ctx -> new Plain(0))
                .mailboxCapacity(-1)
                .build(),
        "Tiny",
        "mailbox");
  }

  @Test
  void validTypeBuilds() {
    assertDoesNotThrow(
        () ->
            EntityType.define("Fine", Plain.class)
                .init(ctx -> new Plain(0))
                .rpc(Ping.class, (ctx, m) -> "pong")
                .rpc(Pong.class, (ctx, m) -> "ping")
                .build());
  }
}
