package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static io.cruster.persistence.spi.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Completed requests are kept for de-duplication until purged; purging forgets them and their
 * journals.
 */
abstract class RetentionContract extends ContractBase {

  private void completeAt(String id, int seconds) {
    storage.messages().save(request(id, COUNTER_1, "key-" + id));
    storage.messages().complete(new ReplyRecord(id, false, bytes("done"), at(seconds)));
  }

  @Test
  void purgeForgetsOnlyRequestsCompletedBeforeTheCutoff() {
    completeAt("old", 10);
    completeAt("new", 30);
    storage.messages().save(request("open", COUNTER_1, "key-open"));
    assertEquals(List.of("old"), storage.messages().purgeCompleted(at(20), 100));
    assertTrue(storage.messages().find("old").isEmpty());
    assertTrue(storage.messages().find("new").isPresent());
    assertTrue(storage.messages().find("open").isPresent());
    // A duplicate of a purged request is a new request.
    assertInstanceOf(
        SaveOutcome.Saved.class, storage.messages().save(request("again", COUNTER_1, "key-old")));
  }

  @Test
  void purgeHonoursItsLimit() {
    for (int i = 0; i < 5; i++) {
      completeAt("r" + i, i);
    }
    assertEquals(2, storage.messages().purgeCompleted(at(100), 2).size());
    assertEquals(3, storage.messages().purgeCompleted(at(100), 10).size());
  }

  @Test
  void deletedJournalsAreGone() {
    storage.commit(
        Commit.builder().journal(entry("exec-1", 1)).journal(entry("exec-2", 1)).build());
    storage.journal().delete(List.of("exec-1"));
    assertTrue(storage.journal().entries("exec-1").isEmpty());
    assertEquals(1, storage.journal().entries("exec-2").size());
  }

  @Test
  void truncateDeletesFromAStepOn() {
    storage.commit(
        Commit.builder()
            .journal(entry("exec-1", 1))
            .journal(entry("exec-1", 2))
            .journal(entry("exec-1", 3))
            .build());
    storage.journal().truncate("exec-1", 2);
    assertEquals(
        List.of(1), storage.journal().entries("exec-1").stream().map(JournalEntry::step).toList());
    storage.commit(
        Commit.builder().journal(entry("exec-1", 2)).build()); // the step can be written again
    assertEquals(2, storage.journal().entries("exec-1").size());
  }
}
