package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.TestCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may send which message: @Public, @Protected, @Private × a client, the entity, its trait,
 * another entity.
 */
@Timeout(60)
class VisibilityTest {
  enum Level {
    PUBLIC,
    PROTECTED,
    PRIVATE,
    DEFAULT,
    TRAIT_PRIVATE
  }

  record Nothing() {}

  @Public
  record OpenAct() implements Activity<String> {}

  @Protected
  record GuardedAct() implements Activity<String> {}

  @Private
  record SecretAct() implements Activity<String> {}

  /** No annotation: activities are private by default. */
  record DefaultAct() implements Activity<String> {}

  /** Declared by the trait, private to it. */
  @Private
  record PluginSecret() implements Activity<String> {}

  /**
   * Run {@code level}'s message with ctx.run (viaSelf false) or through ctx.self() (viaSelf true).
   */
  record EntityProbe(Level level, boolean viaSelf) implements Workflow<String> {}

  record TraitProbe(Level level, boolean viaSelf) implements Workflow<String> {}

  record OutsiderProbe(String vaultId, Level level) implements Workflow<String> {}

  @Private
  record SecretRead() implements Rpc<String> {}

  @Protected
  record GuardedFlow() implements Workflow<String> {}

  /** Calls the private rpc and the protected workflow through ctx.self(). */
  record InnerCalls() implements Workflow<String> {}

  static Activity<String> message(Level level) {
    return switch (level) {
      case PUBLIC -> new OpenAct();
      case PROTECTED -> new GuardedAct();
      case PRIVATE -> new SecretAct();
      case DEFAULT -> new DefaultAct();
      case TRAIT_PRIVATE -> new PluginSecret();
    };
  }

  private final Map<Level, AtomicInteger> runs = new ConcurrentHashMap<>();

  private int runs(Level level) {
    return runs.computeIfAbsent(level, l -> new AtomicInteger()).get();
  }

  private String ran(Level level) {
    runs.computeIfAbsent(level, l -> new AtomicInteger()).incrementAndGet();
    return "ran";
  }

  private static String attempt(Supplier<String> call) {
    try {
      return call.get();
    } catch (NotCallableException e) {
      return "refused";
    }
  }

  private static <S> String probe(WorkflowContext<S> ctx, Level level, boolean viaSelf) {
    return attempt(
        () -> viaSelf ? ctx.self().call(ctx.entityId(), message(level)) : ctx.run(message(level)));
  }

  private final EntityTrait<Nothing> plugin =
      EntityTrait.define("plugin", Nothing.class)
          .init(ctx -> new Nothing())
          .activity(PluginSecret.class, (ctx, m) -> ran(Level.TRAIT_PRIVATE))
          .workflow(TraitProbe.class, (ctx, m) -> probe(ctx, m.level(), m.viaSelf()))
          .build();

  private final EntityType<Nothing> vault =
      EntityType.define("Vault", Nothing.class)
          .init(ctx -> new Nothing())
          .with(plugin)
          .activity(OpenAct.class, (ctx, m) -> ran(Level.PUBLIC))
          .activity(GuardedAct.class, (ctx, m) -> ran(Level.PROTECTED))
          .activity(SecretAct.class, (ctx, m) -> ran(Level.PRIVATE))
          .activity(DefaultAct.class, (ctx, m) -> ran(Level.DEFAULT))
          .workflow(EntityProbe.class, (ctx, m) -> probe(ctx, m.level(), m.viaSelf()))
          .rpc(SecretRead.class, (ctx, m) -> ran(Level.PRIVATE))
          .workflow(GuardedFlow.class, (ctx, m) -> ran(Level.PROTECTED))
          .workflow(
              InnerCalls.class,
              (ctx, m) ->
                  ctx.self().call(ctx.entityId(), new SecretRead())
                      + " "
                      + ctx.self().call(ctx.entityId(), new GuardedFlow()))
          .build();

  private final EntityType<Nothing> outsider =
      EntityType.define("Outsider", Nothing.class)
          .init(ctx -> new Nothing())
          .workflow(
              OutsiderProbe.class,
              (ctx, m) -> attempt(() -> ctx.client(vault).call(m.vaultId(), message(m.level()))))
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient vaults = cluster.register(vault);
  private final EntityClient outsiders = cluster.register(outsider);

  @AfterEach
  void close() {
    cluster.close();
  }

  private String fromClient(Level level) {
    return attempt(() -> vaults.call("v-1", message(level)));
  }

  @Test
  void clientMayCallOnlyPublicMessages() {
    assertEquals("ran", fromClient(Level.PUBLIC));
    for (Level level :
        List.of(Level.PROTECTED, Level.PRIVATE, Level.DEFAULT, Level.TRAIT_PRIVATE)) {
      assertEquals("refused", fromClient(level), level.name());
      assertEquals(0, runs(level), level.name());
    }
    assertEquals(1, runs(Level.PUBLIC));
  }

  @Test
  void refusalNamesTheMessageAndTheCaller() {
    NotCallableException e =
        assertThrows(NotCallableException.class, () -> vaults.call("v-1", new GuardedAct()));
    assertTrue(e.getMessage().contains("GuardedAct"), e.getMessage());
    assertTrue(e.getMessage().contains("protected"), e.getMessage());
    assertTrue(e.getMessage().contains("client"), e.getMessage());
  }

  @Test
  void entityMayRunAllItsOwnMessagesFromItsWorkflow() {
    for (Level level : List.of(Level.PUBLIC, Level.PROTECTED, Level.PRIVATE, Level.DEFAULT)) {
      assertEquals("ran", vaults.call("v-1", new EntityProbe(level, false)), level.name());
      assertEquals(1, runs(level), level.name());
    }
  }

  @Test
  void entityMayCallAllItsOwnMessagesThroughItsSelfClient() {
    for (Level level : List.of(Level.PUBLIC, Level.PROTECTED, Level.PRIVATE, Level.DEFAULT)) {
      assertEquals("ran", vaults.call("v-1", new EntityProbe(level, true)), level.name());
      assertEquals(1, runs(level), level.name());
    }
  }

  @Test
  void entityMayNotCallItsTraitsPrivateMessages() {
    assertEquals("refused", vaults.call("v-1", new EntityProbe(Level.TRAIT_PRIVATE, false)));
    assertEquals("refused", vaults.call("v-1", new EntityProbe(Level.TRAIT_PRIVATE, true)));
    assertEquals(0, runs(Level.TRAIT_PRIVATE));
  }

  @Test
  void traitMayCallPublicAndProtectedButNotPrivateMessagesOfItsEntity() {
    for (boolean viaSelf : List.of(false, true)) {
      String how = viaSelf ? "through self()" : "with run()";
      assertEquals("ran", vaults.call("v-1", new TraitProbe(Level.PUBLIC, viaSelf)), how);
      assertEquals("ran", vaults.call("v-1", new TraitProbe(Level.PROTECTED, viaSelf)), how);
      assertEquals("refused", vaults.call("v-1", new TraitProbe(Level.PRIVATE, viaSelf)), how);
      assertEquals("refused", vaults.call("v-1", new TraitProbe(Level.DEFAULT, viaSelf)), how);
    }
    assertEquals(2, runs(Level.PUBLIC));
    assertEquals(2, runs(Level.PROTECTED));
    assertEquals(0, runs(Level.PRIVATE));
    assertEquals(0, runs(Level.DEFAULT));
  }

  @Test
  void traitMayCallItsOwnPrivateMessages() {
    assertEquals("ran", vaults.call("v-1", new TraitProbe(Level.TRAIT_PRIVATE, false)));
    assertEquals("ran", vaults.call("v-1", new TraitProbe(Level.TRAIT_PRIVATE, true)));
    assertEquals(2, runs(Level.TRAIT_PRIVATE));
  }

  @Test
  void otherEntityMayCallOnlyPublicMessages() {
    assertEquals("ran", outsiders.call("o-1", new OutsiderProbe("v-1", Level.PUBLIC)));
    for (Level level :
        List.of(Level.PROTECTED, Level.PRIVATE, Level.DEFAULT, Level.TRAIT_PRIVATE)) {
      assertEquals("refused", outsiders.call("o-1", new OutsiderProbe("v-1", level)), level.name());
      assertEquals(0, runs(level), level.name());
    }
    assertEquals(1, runs(Level.PUBLIC));
  }

  @Test
  void visibilityAppliesToRpcsAndWorkflowsToo() {
    assertThrows(NotCallableException.class, () -> vaults.call("v-1", new SecretRead()));
    assertThrows(NotCallableException.class, () -> vaults.call("v-1", new GuardedFlow()));
    assertEquals(0, runs(Level.PRIVATE));
    assertEquals(0, runs(Level.PROTECTED));
    assertEquals("ran ran", vaults.call("v-1", new InnerCalls()));
    assertEquals(1, runs(Level.PRIVATE));
    assertEquals(1, runs(Level.PROTECTED));
  }

  @Test
  void otherEntityOfTheSameTypeIsAnotherEntity() {
    // v-2's workflow calling v-1 is not "the entity itself": only public messages.
    EntityType<Nothing> peers =
        EntityType.define("Peer", Nothing.class)
            .init(ctx -> new Nothing())
            .activity(GuardedAct.class, (ctx, m) -> ran(Level.PROTECTED))
            .workflow(
                OutsiderProbe.class,
                (ctx, m) -> attempt(() -> ctx.self().call(m.vaultId(), message(m.level()))))
            .build();
    EntityClient client = cluster.register(peers);
    assertEquals("refused", client.call("p-2", new OutsiderProbe("p-1", Level.PROTECTED)));
    assertEquals("ran", client.call("p-1", new OutsiderProbe("p-1", Level.PROTECTED)));
    assertEquals(1, runs(Level.PROTECTED));
  }
}
