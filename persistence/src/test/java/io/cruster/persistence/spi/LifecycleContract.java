package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.T0;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.entry;
import static io.cruster.persistence.spi.Fixtures.failureReply;
import static io.cruster.persistence.spi.Fixtures.reply;
import static io.cruster.persistence.spi.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.StorageException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The contract of {@link Storage#close()}. */
abstract class LifecycleContract extends ContractBase {

  private static Executable closed(Executable call) {
    return () -> {
      StorageException e = assertThrows(StorageException.class, call);
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    };
  }

  @Test
  void aClosedStorageRejectsEveryCall() {
    storage.messages().save(request("r-1"));
    MessageStorage messages = storage.messages();
    StateStore states = storage.states();
    WorkflowJournal journal = storage.journal();
    DeferredStore deferreds = storage.deferreds();
    TimerStore timers = storage.timers();

    storage.close();

    assertAll(
        closed(() -> storage.commit(Commit.builder().journal(entry("exec-1", 1)).build())),
        closed(() -> messages.save(request("r-2"))),
        closed(() -> messages.find("r-1")),
        closed(() -> messages.pending(List.of(SHARD_1), T0, 10)),
        closed(() -> messages.complete(reply("r-1", "5"))),
        closed(() -> messages.recordFailure("r-1", "boom", 3)),
        closed(() -> messages.recordFailure("r-1", "boom", 3, new FencingToken(SHARD_1, 1))),
        closed(() -> messages.fail(failureReply("r-1", "boom"))),
        closed(() -> messages.reopen("r-1")),
        closed(() -> messages.deadLetters(10)),
        closed(() -> states.load(COUNTER_1)),
        closed(() -> journal.entries("exec-1")),
        closed(() -> deferreds.get(COUNTER_1, "d")),
        closed(() -> deferreds.resolve(COUNTER_1, "d", bytes("v"))),
        closed(() -> deferreds.clear(COUNTER_1, "d")),
        closed(() -> timers.due(List.of(SHARD_1), T0, 10)),
        closed(() -> timers.forEntity(COUNTER_1)),
        closed(() -> timers.delete("t-1")));
  }

  @Test
  void closeIsIdempotent() {
    storage.close();

    assertDoesNotThrow(storage::close);
  }
}
