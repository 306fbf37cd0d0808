package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.failureReply;
import static io.cruster.persistence.spi.Fixtures.reply;
import static io.cruster.persistence.spi.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.persistence.StorageException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of replies, failures, dead letters and re-drive in {@link MessageStorage}. */
abstract class MessageOutcomeContract extends ContractBase {

  private MessageStorage messages() {
    return storage.messages();
  }

  private RequestState stored(String requestId) {
    return messages().find(requestId).orElseThrow();
  }

  @Test
  void completeStoresTheReplyAndMarksTheRequestDone() {
    messages().save(request("r-1"));

    assertTrue(messages().complete(reply("r-1", "5")));

    RequestState state = stored("r-1");
    assertEquals(RequestStatus.DONE, state.status());
    assertEquals(Optional.of(reply("r-1", "5")), state.reply());
  }

  @Test
  void completeIsFirstWins() {
    messages().save(request("r-1"));
    messages().complete(reply("r-1", "first"));

    assertFalse(messages().complete(reply("r-1", "second")));

    assertEquals(Optional.of(reply("r-1", "first")), stored("r-1").reply());
  }

  @Test
  void completeIsIdempotentForTheSameReply() {
    messages().save(request("r-1"));
    messages().complete(reply("r-1", "5"));

    assertTrue(messages().complete(reply("r-1", "5")));

    assertEquals(RequestStatus.DONE, stored("r-1").status());
  }

  @Test
  void completeOfAnUnknownRequestReturnsFalseAndStoresNothing() {
    assertFalse(messages().complete(reply("nope", "5")));

    assertEquals(Optional.empty(), messages().find("nope"));
  }

  @Test
  void recordFailureCountsFailuresAndKeepsTheLastError() {
    messages().save(request("r-1"));

    messages().recordFailure("r-1", "first error", 10);
    RequestState state = messages().recordFailure("r-1", "second error", 10);

    assertEquals(RequestStatus.PENDING, state.status());
    assertEquals(2, state.failures());
    assertEquals(Optional.of("second error"), state.lastError());
    assertEquals(state, stored("r-1"));
  }

  @Test
  void recordFailureDeadLettersTheRequestAtMaxRetries() {
    messages().save(request("r-1"));

    assertEquals(RequestStatus.PENDING, messages().recordFailure("r-1", "boom", 3).status());
    assertEquals(RequestStatus.PENDING, messages().recordFailure("r-1", "boom", 3).status());
    RequestState dead = messages().recordFailure("r-1", "boom 3", 3);

    assertEquals(RequestStatus.DEAD_LETTER, dead.status());
    assertEquals(3, dead.failures());
    assertEquals(List.of(), messages().pending(List.of(SHARD_1), at(10), 10));
    assertEquals(List.of(dead), messages().deadLetters(10));
  }

  @Test
  void readingARequestNeverChangesItsFailureCount() {
    messages().save(request("r-1"));
    messages().recordFailure("r-1", "boom", 10);

    for (int i = 0; i < 5; i++) {
      messages().find("r-1");
      messages().pending(List.of(SHARD_1), at(10), 10);
      messages().deadLetters(10);
    }

    assertEquals(1, stored("r-1").failures());
    assertEquals(RequestStatus.PENDING, stored("r-1").status());
  }

  @Test
  void recordFailureOfAnUnknownRequestThrowsATerminalStorageException() {
    StorageException e =
        assertThrows(StorageException.class, () -> messages().recordFailure("nope", "boom", 3));

    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    assertFalse(e.isRetryable());
  }

  @Test
  void recordFailureLeavesACompletedRequestAsItIs() {
    messages().save(request("r-1"));
    messages().complete(reply("r-1", "5"));

    RequestState state = messages().recordFailure("r-1", "late failure", 1);

    assertEquals(RequestStatus.DONE, state.status());
    assertEquals(0, state.failures());
    assertEquals(state, stored("r-1"));
  }

  @Test
  void failedRequestIsNotPendingAndKeepsItsFailureReply() {
    messages().save(request("r-1"));

    messages().fail(failureReply("r-1", "exhausted"));

    RequestState state = stored("r-1");
    assertEquals(RequestStatus.FAILED, state.status());
    assertEquals(Optional.of(failureReply("r-1", "exhausted")), state.reply());
    assertEquals(List.of(), messages().pending(List.of(SHARD_1), at(10), 10));
    assertEquals(List.of(), messages().deadLetters(10));
  }

  @Test
  void duplicateSaveReturnsAFailedRequestWhichReopenMakesPendingAgain() {
    messages().save(request("r-1", COUNTER_1, "order-7"));
    messages().recordFailure("r-1", "boom", 10);
    messages().fail(failureReply("r-1", "exhausted"));

    SaveOutcome outcome = messages().save(request("r-2", COUNTER_1, "order-7"));
    RequestState existing = assertInstanceOf(SaveOutcome.Duplicate.class, outcome).existing();
    assertEquals(RequestStatus.FAILED, existing.status());
    assertTrue(messages().reopen(existing.request().requestId()));

    assertEquals(RequestState.pending(request("r-1", COUNTER_1, "order-7")), stored("r-1"));
    assertEquals(List.of(stored("r-1")), messages().pending(List.of(SHARD_1), at(10), 10));
  }

  @Test
  void failDoesNotReplaceAStoredReply() {
    messages().save(request("r-1"));
    messages().complete(reply("r-1", "5"));

    messages().fail(failureReply("r-1", "too late"));

    assertEquals(RequestStatus.DONE, stored("r-1").status());
    assertEquals(Optional.of(reply("r-1", "5")), stored("r-1").reply());
  }

  @Test
  void failOfAnUnknownRequestThrowsAStorageException() {
    assertThrows(StorageException.class, () -> messages().fail(failureReply("nope", "boom")));
  }

  @Test
  void deadLettersAreListedOldestFirstUpToTheLimit() {
    messages().save(request("newest", SHARD_1, at(3), at(3)));
    messages().save(request("oldest", SHARD_1, at(1), at(1)));
    messages().save(request("middle", SHARD_1, at(2), at(2)));
    messages().save(request("alive", SHARD_1, at(0), at(0)));
    for (String id : List.of("newest", "oldest", "middle")) {
      messages().recordFailure(id, "boom", 1);
    }

    List<String> all =
        messages().deadLetters(10).stream().map(s -> s.request().requestId()).toList();
    List<String> two =
        messages().deadLetters(2).stream().map(s -> s.request().requestId()).toList();

    assertEquals(List.of("oldest", "middle", "newest"), all);
    assertEquals(List.of("oldest", "middle"), two);
  }

  @Test
  void reopenRedrivesADeadLetterWithItsFailuresReset() {
    messages().save(request("r-1"));
    messages().recordFailure("r-1", "boom", 2);
    messages().recordFailure("r-1", "boom", 2);

    assertTrue(messages().reopen("r-1"));

    RequestState state = stored("r-1");
    assertEquals(RequestStatus.PENDING, state.status());
    assertEquals(0, state.failures());
    assertEquals(Optional.empty(), state.reply());
    assertEquals(List.of(), messages().deadLetters(10));
    assertEquals(List.of(state), messages().pending(List.of(SHARD_1), at(10), 10));
    assertEquals(1, messages().recordFailure("r-1", "again", 2).failures());
  }

  @Test
  void reopenRefusesPendingDoneAndUnknownRequests() {
    messages().save(request("pending"));
    messages().save(request("done"));
    messages().complete(reply("done", "5"));

    assertFalse(messages().reopen("pending"));
    assertFalse(messages().reopen("done"));
    assertFalse(messages().reopen("nope"));
    assertEquals(RequestStatus.DONE, stored("done").status());
  }

  @Test
  void aLateReplyToADeadLetterCompletesIt() {
    messages().save(request("r-1"));
    messages().recordFailure("r-1", "boom", 1);

    assertTrue(messages().complete(reply("r-1", "5")));

    assertEquals(RequestStatus.DONE, stored("r-1").status());
    assertEquals(List.of(), messages().deadLetters(10));
  }
}
