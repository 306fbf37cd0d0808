package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.SerializationException;
import io.cruster.persistence.Storages;
import io.cruster.persistence.spi.Storage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stored state written by one version of an entity type is read by the next: records may gain
 * components (with defaults from the compact constructor) or lose them; an incompatible change
 * fails the activation with an error naming the type and the stored version, and never falls back
 * to init.
 */
@Timeout(30)
class StateEvolutionTest {
  private final Storage storage = Storages.inMemory();

  @AfterEach
  void close() {
    storage.close();
  }

  /**
   * Runs {@code body} on a node with {@code type} over the shared storage, as a new deployment
   * would.
   */
  private <T> T deployed(EntityType<?> type, java.util.function.Function<EntityClient, T> body) {
    try (SingleRunner runner = SingleRunner.builder().storage(storage).build().start()) {
      return body.apply(runner.register(type));
    }
  }

  // Version 1: a name and a count.
  record StateV1(String name, int count) {}

  @Public
  record Rename(String name) implements Activity<String> {}

  record Show() implements Rpc<String> {}

  static final EntityType<StateV1> V1 =
      EntityType.define("Profile", StateV1.class)
          .init(ctx -> new StateV1("anonymous", 0))
          .activity(
              Rename.class,
              (ctx, m) -> {
                ctx.setState(new StateV1(m.name(), ctx.state().count() + 1));
                return m.name();
              })
          .rpc(Show.class, (ctx, m) -> ctx.state().toString())
          .register(StateV1.class, "demo.ProfileState")
          .build();

  // Version 2: gained a plan (defaulted by the compact constructor) and tags (missing collections
  // read as empty),
  // lost count.
  record StateV2(String name, String plan, List<String> tags) {
    StateV2 {
      plan = plan == null ? "free" : plan;
    }
  }

  static final EntityType<StateV2> V2 =
      EntityType.define("Profile", StateV2.class)
          .init(ctx -> new StateV2("anonymous", "free", List.of()))
          .activity(
              Rename.class,
              (ctx, m) -> {
                ctx.setState(new StateV2(m.name(), ctx.state().plan(), ctx.state().tags()));
                return m.name();
              })
          .rpc(Show.class, (ctx, m) -> ctx.state().toString())
          .register(StateV2.class, "demo.ProfileState")
          .build();

  // An incompatible version: name became a number.
  record StateV3(long name) {}

  static final EntityType<StateV3> V3 =
      EntityType.define("Profile", StateV3.class)
          .init(ctx -> new StateV3(0))
          .rpc(Show.class, (ctx, m) -> ctx.state().toString())
          .register(StateV3.class, "demo.ProfileState")
          .build();

  @Test
  void aRecordThatGainedAndLostComponentsReadsOldState() {
    deployed(V1, profiles -> profiles.call("p1", new Rename("Ada")));
    String shown = deployed(V2, profiles -> profiles.call("p1", new Show()));
    assertEquals(new StateV2("Ada", "free", List.of()).toString(), shown);
    // and the new version writes on from there
    deployed(V2, profiles -> profiles.call("p1", new Rename("Ada L.")));
    assertEquals(
        new StateV2("Ada L.", "free", List.of()).toString(),
        deployed(V2, profiles -> profiles.call("p1", new Show())));
  }

  @Test
  void anIncompatibleChangeFailsNamingTheTypeAndVersionInsteadOfResetting() {
    deployed(V1, profiles -> profiles.call("p1", new Rename("Ada")));
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> deployed(V3, profiles -> profiles.call("p1", new Show())));
    assertTrue(
        e.getMessage().contains("Profile/p1")
            && e.getMessage().contains("version 1")
            && e.getMessage().contains(StateV3.class.getName()),
        e.getMessage());
    // the stored state is untouched: the compatible version still reads it
    assertEquals(
        new StateV2("Ada", "free", List.of()).toString(),
        deployed(V2, profiles -> profiles.call("p1", new Show())));
  }
}
