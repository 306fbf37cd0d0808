package io.cruster.actors;

/** Delivered once, after the actor and all its children have stopped; release resources here. */
public enum PostStop implements Signal {
  INSTANCE
}
