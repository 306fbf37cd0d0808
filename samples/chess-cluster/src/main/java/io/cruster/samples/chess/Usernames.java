package io.cruster.samples.chess;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who owns a username: an entity per lower-cased username, so two players never share one (its
 * activities run one at a time, so of two concurrent claims one wins).
 */
public final class Usernames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,24}");

  private Usernames() {}

  /**
   * Claims the username for {@code player}; replies with its owner (the claimant, if it was free).
   */
  @Public
  public record Claim(String player) implements Activity<String> {}

  /**
   * The state.
   *
   * @param owner the owner's player id, empty while free
   */
  public record Owner(String owner) {}

  public static final EntityType<Owner> TYPE =
      EntityType.define("Username", Owner.class)
          .init(ctx -> new Owner(""))
          .activity(
              Claim.class,
              (ctx, m) -> {
                if (ctx.state().owner().isEmpty()) {
                  ctx.setState(new Owner(m.player()));
                }
                return ctx.state().owner();
              })
          .build();

  /** Whether {@code name} is a valid username: 1 to 24 letters, digits, {@code _} or {@code -}. */
  public static boolean valid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** The entity id of a username: its lower case. */
  static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }
}
