package io.cruster.samples.durability;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityClient;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.SingleRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@link SingleRunner} on the embedded default, killed and restarted by {@link EmbeddedCrashIT}:
 * {@code EmbeddedApp <data-folder> <tally-id>} prints {@code STARTED <jvm-pid> <postmaster-pid>}
 * once it serves, then adds 1 to the tally over and over, printing {@code COUNT <n>} after each
 * committed addition, until it is killed.
 */
public final class EmbeddedApp {
  private EmbeddedApp() {}

  /** A persisted number. */
  public record Total(int value) {}

  /** Adds one and returns the new total. */
  @Public
  public record AddOne() implements Activity<Integer> {}

  static final EntityType<Total> TALLY =
      EntityType.define("Tally", Total.class)
          .init(ctx -> new Total(0))
          .activity(
              AddOne.class,
              (ctx, m) -> {
                ctx.setState(new Total(ctx.state().value() + 1));
                return ctx.state().value();
              })
          .build();

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]);
    String id = args[1];
    try (SingleRunner runner =
        SingleRunner.builder().embedded(folder).startupTimeout(Duration.ofSeconds(30)).build()) {
      EntityClient tallies = runner.register(TALLY);
      runner.start();
      String postmaster = Files.readAllLines(folder.resolve("postmaster.pid")).get(0).trim();
      Events.emit("STARTED", ProcessHandle.current().pid(), postmaster);
      while (true) {
        Events.emit("COUNT", tallies.call(id, new AddOne()));
      }
    }
  }
}
