package io.cruster.persistence.internal.postgres;

import io.cruster.persistence.spi.Commit;
import io.cruster.persistence.spi.RequestRecord;

/** A write that group commit may batch with others: a saved request or a commit. Immutable. */
sealed interface Write {

  /**
   * {@code messages().save(request)}; its result is a {@link
   * io.cruster.persistence.spi.SaveOutcome}.
   */
  record Save(RequestRecord request) implements Write {}

  /** {@code storage.commit(commit)}; its result is null. */
  record Apply(Commit commit) implements Write {}
}
