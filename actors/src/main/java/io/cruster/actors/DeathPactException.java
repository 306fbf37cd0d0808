package io.cruster.actors;

/**
 * Thrown inside an actor that watched another actor and did not handle its {@link Terminated}
 * signal: by default, an actor dies with the actors it watches.
 */
public class DeathPactException extends CrusterException {
  private static final long serialVersionUID = 1L;

  public DeathPactException(String message) {
    super(message);
  }
}
