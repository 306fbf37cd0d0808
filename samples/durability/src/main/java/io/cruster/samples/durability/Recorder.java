package io.cruster.samples.durability;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Idempotent;
import io.cruster.sharding.Public;
import java.sql.PreparedStatement;

/**
 * Records numbers in the table {@code processed}, through the activity's own transaction. {@link
 * Record} is {@link Idempotent} by its number, so the same number sent again (after a crash, say)
 * is not recorded twice. The numbers are spread over {@value #ENTITIES} entities.
 */
public final class Recorder {
  private Recorder() {}

  /** The recorder holds no state of its own: the table is its record. */
  public record State() {}

  /** Records {@code n}, once per number. */
  @Public
  public record Record(int n) implements Activity<Integer>, Idempotent {
    @Override
    public String idempotencyKey() {
      return "record/" + n;
    }
  }

  /** How many recorder entities share the numbers. */
  public static final int ENTITIES = 100;

  /** The entity that records {@code n}. */
  public static String entityOf(int n) {
    return "recorder-" + Math.floorMod(n, ENTITIES);
  }

  public static final EntityType<State> TYPE =
      EntityType.define("Recorder", State.class)
          .init(ctx -> new State())
          .activity(
              Record.class,
              (ctx, m) -> {
                try (PreparedStatement insert =
                    ctx.sql().prepareStatement("INSERT INTO processed (n) VALUES (?)")) {
                  insert.setInt(1, m.n());
                  insert.executeUpdate();
                }
                return m.n();
              })
          .build();
}
