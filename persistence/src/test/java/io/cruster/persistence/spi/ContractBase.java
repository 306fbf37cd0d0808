package io.cruster.persistence.spi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** One part of the storage contract: a fresh storage per test, closed after it. */
abstract class ContractBase {
  Storage storage;

  abstract Storage newStorage();

  @BeforeEach
  final void openStorage() {
    storage = newStorage();
  }

  @AfterEach
  final void closeStorage() {
    storage.close();
  }
}
