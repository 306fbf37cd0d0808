package io.cruster.actors;

/** Delivered to the failed behavior just before a supervisor restarts the actor. */
public enum PreRestart implements Signal {
  INSTANCE
}
