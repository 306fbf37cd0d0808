package io.cruster.persistence.spi;

/** What {@link MessageStorage#save(RequestRecord)} did. Immutable and thread-safe. */
public sealed interface SaveOutcome {

  /** The request was new and is now saved, pending. */
  record Saved() implements SaveOutcome {}

  /**
   * A request with the same request id, or the same (address, dedupe key), was already saved;
   * nothing was written.
   *
   * @param existing the stored request and where it stands, with its reply if it has one
   */
  record Duplicate(RequestState existing) implements SaveOutcome {

    /**
     * Checks the field. Never blocks.
     *
     * @throws NullPointerException when {@code existing} is null
     */
    public Duplicate {
      Checks.nonNull(existing, "SaveOutcome.Duplicate", "existing");
    }
  }
}
