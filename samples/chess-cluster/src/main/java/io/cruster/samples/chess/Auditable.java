package io.cruster.samples.chess;

import io.cruster.sharding.ActivityContext;
import io.cruster.sharding.EntityTrait;
import io.cruster.sharding.Rpc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A trait that keeps who did what, and when, in a state of its own, saved atomically with the state
 * of the entity it is composed into: an activity of that entity appends with {@link #record},
 * anyone reads it with {@link Trail}. Refused requests are not recorded: they changed nothing.
 */
public final class Auditable {
  /** The most entries kept; the oldest go first. */
  public static final int MAX_ENTRIES = 1000;

  private Auditable() {}

  /**
   * One audited action.
   *
   * @param at when it happened
   * @param actor who did it (a player id, or {@code system})
   * @param action what was done ({@code MOVE}, {@code RESIGN}...)
   * @param detail the particulars ({@code e2e4}...)
   */
  public record Entry(Instant at, String actor, String action, String detail) {}

  /**
   * The trait's state.
   *
   * @param entries the entries, oldest first
   */
  public record Log(List<Entry> entries) {}

  /** Reads the audit trail, oldest entry first. */
  public record Trail() implements Rpc<List<Entry>> {}

  /** The trait; compose it with {@code EntityType.define(...).with(Auditable.TRAIT)}. */
  public static final EntityTrait<Log> TRAIT =
      EntityTrait.define("Auditable", Log.class)
          .init(ctx -> new Log(List.of()))
          .rpc(Trail.class, (ctx, m) -> ctx.state().entries())
          .build();

  /** Appends an entry within the running activity: it commits with the activity, or not at all. */
  public static void record(ActivityContext<?> ctx, String actor, String action, String detail) {
    List<Entry> entries = new ArrayList<>(ctx.traitState(TRAIT).entries());
    entries.add(new Entry(ctx.clock().instant(), actor, action, detail));
    if (entries.size() > MAX_ENTRIES) {
      entries.subList(0, entries.size() - MAX_ENTRIES).clear();
    }
    ctx.setTraitState(TRAIT, new Log(List.copyOf(entries)));
  }
}
