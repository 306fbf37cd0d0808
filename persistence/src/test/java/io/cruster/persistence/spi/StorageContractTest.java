package io.cruster.persistence.spi;

import org.junit.jupiter.api.Nested;

/**
 * The behaviour every {@link Storage} implementation must show, run against the storage returned by
 * {@link #newStorage()}. Extend it once per implementation (in-memory, PostgreSQL); the tests are
 * grouped by store in nested classes, each test on a fresh storage that it closes.
 */
public abstract class StorageContractTest {

  /** A fresh, empty storage; called once per test, which closes it. */
  protected abstract Storage newStorage();

  @Nested
  class Saving extends MessageSaveContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class Outcomes extends MessageOutcomeContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class StateAndJournal extends StateAndJournalContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class CommitAtomicity extends CommitContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class Deferreds extends DeferredContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class Timers extends TimerContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class Lifecycle extends LifecycleContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class Concurrency extends ConcurrencyContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class Fencing extends FencingContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class Retention extends RetentionContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class ExecutionLifecycle extends ExecutionLifecycleContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }

  @Nested
  class ExecutionQueries extends ExecutionQueryContract {
    @Override
    Storage newStorage() {
      return StorageContractTest.this.newStorage();
    }
  }
}
