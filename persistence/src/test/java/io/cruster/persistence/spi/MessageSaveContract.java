package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.COUNTER_2;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_2;
import static io.cruster.persistence.spi.Fixtures.SHARD_3;
import static io.cruster.persistence.spi.Fixtures.T0;
import static io.cruster.persistence.spi.Fixtures.at;
import static io.cruster.persistence.spi.Fixtures.reply;
import static io.cruster.persistence.spi.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.ShardId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The contract of saving, finding and polling requests in {@link MessageStorage}. */
abstract class MessageSaveContract extends ContractBase {

  private MessageStorage messages() {
    return storage.messages();
  }

  private static List<String> ids(List<RequestState> states) {
    return states.stream().map(s -> s.request().requestId()).toList();
  }

  @Test
  void savedRequestIsFoundPendingWithoutFailuresOrReply() {
    RequestRecord request = request("r-1");

    assertInstanceOf(SaveOutcome.Saved.class, messages().save(request));

    assertEquals(Optional.of(RequestState.pending(request)), messages().find("r-1"));
  }

  @Test
  void theTraceContextOfARequestIsKeptWhenFoundPolledAndReadAsADuplicate() {
    Map<String, String> trace =
        Map.of(
            "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "tracestate", "vendor=a=b,other=c");
    RequestRecord request = request("r-1", COUNTER_1, "order-7").withTraceContext(trace);

    messages().save(request);

    assertEquals(trace, messages().find("r-1").orElseThrow().request().traceContext());
    assertEquals(
        List.of(trace),
        messages().pending(List.of(SHARD_1), at(1), 10).stream()
            .map(s -> s.request().traceContext())
            .toList());
    SaveOutcome again = messages().save(request("r-2", COUNTER_1, "order-7"));
    assertEquals(
        trace,
        assertInstanceOf(SaveOutcome.Duplicate.class, again).existing().request().traceContext());
  }

  @Test
  void aRequestWithoutTraceContextIsFoundWithAnEmptyOne() {
    messages().save(request("r-1"));

    assertEquals(Map.of(), messages().find("r-1").orElseThrow().request().traceContext());
  }

  @Test
  void findOfAnUnknownRequestIsEmpty() {
    assertEquals(Optional.empty(), messages().find("nope"));
  }

  @Test
  void saveWithTheSameAddressAndDedupeKeyUnderANewRequestIdReturnsTheExistingRequest() {
    RequestRecord first = request("r-1", COUNTER_1, "order-7");
    messages().save(first);

    SaveOutcome outcome = messages().save(request("r-2", COUNTER_1, "order-7"));

    SaveOutcome.Duplicate duplicate = assertInstanceOf(SaveOutcome.Duplicate.class, outcome);
    assertEquals(RequestState.pending(first), duplicate.existing());
    assertEquals(Optional.empty(), messages().find("r-2"));
  }

  @Test
  void duplicateSaveReturnsTheStoredReplyOfACompletedRequest() {
    messages().save(request("r-1", COUNTER_1, "order-7"));
    messages().complete(reply("r-1", "5"));

    SaveOutcome outcome = messages().save(request("r-2", COUNTER_1, "order-7"));

    RequestState existing = assertInstanceOf(SaveOutcome.Duplicate.class, outcome).existing();
    assertEquals(RequestStatus.DONE, existing.status());
    assertEquals(Optional.of(reply("r-1", "5")), existing.reply());
  }

  @Test
  void saveWithAKnownRequestIdIsADuplicate() {
    RequestRecord first = request("r-1", COUNTER_1, "key-a");
    messages().save(first);

    SaveOutcome outcome = messages().save(request("r-1", COUNTER_1, "key-b"));

    assertEquals(new SaveOutcome.Duplicate(RequestState.pending(first)), outcome);
  }

  @Test
  void theSameDedupeKeyForDifferentAddressesIsNotADuplicate() {
    assertInstanceOf(
        SaveOutcome.Saved.class, messages().save(request("r-1", COUNTER_1, "order-7")));
    assertInstanceOf(
        SaveOutcome.Saved.class, messages().save(request("r-2", COUNTER_2, "order-7")));

    assertTrue(messages().find("r-2").isPresent());
  }

  @Test
  void pendingReturnsOnlyRequestsOfTheGivenShards() {
    messages().save(request("a", SHARD_1, T0, T0));
    messages().save(request("b", SHARD_2, at(1), at(1)));
    messages().save(request("c", SHARD_3, at(2), at(2)));

    assertEquals(List.of("a", "c"), ids(messages().pending(List.of(SHARD_1, SHARD_3), at(10), 10)));
    assertEquals(List.of(), messages().pending(List.of(), at(10), 10));
    assertEquals(List.of(), messages().pending(List.of(new ShardId("other", 1)), at(10), 10));
  }

  @Test
  void pendingSkipsRequestsThatAreNotDueYet() {
    messages().save(request("due-earlier", SHARD_1, T0, at(5)));
    messages().save(request("due-now", SHARD_1, T0, at(10)));
    messages().save(request("later", SHARD_1, T0, at(11)));

    assertEquals(
        List.of("due-earlier", "due-now"), ids(messages().pending(List.of(SHARD_1), at(10), 10)));
  }

  @Test
  void pendingOrdersByDeliverAtThenCreatedAtAcrossShards() {
    messages().save(request("late-delivery", SHARD_1, at(0), at(9)));
    messages().save(request("newer", SHARD_2, at(3), at(5)));
    messages().save(request("older", SHARD_1, at(2), at(5)));
    messages().save(request("first", SHARD_2, at(4), at(4)));

    List<RequestState> pending = messages().pending(List.of(SHARD_1, SHARD_2), at(10), 10);

    assertEquals(List.of("first", "older", "newer", "late-delivery"), ids(pending));
  }

  @Test
  void pendingHonoursTheLimitKeepingTheOldest() {
    for (int i = 0; i < 5; i++) {
      messages().save(request("s1-" + i, SHARD_1, at(2 * i), at(2 * i)));
      messages().save(request("s2-" + i, SHARD_2, at(2 * i + 1), at(2 * i + 1)));
    }

    List<RequestState> pending = messages().pending(List.of(SHARD_1, SHARD_2), at(20), 3);

    assertEquals(List.of("s1-0", "s2-0", "s1-1"), ids(pending));
    assertEquals(List.of(), messages().pending(List.of(SHARD_1, SHARD_2), at(20), 0));
  }

  @Test
  void pendingLeavesOutDoneFailedAndDeadLetteredRequests() {
    messages().save(request("done", SHARD_1, T0, T0));
    messages().save(request("failed", SHARD_1, T0, T0));
    messages().save(request("dead", SHARD_1, T0, T0));
    messages().save(request("open", SHARD_1, T0, T0));
    messages().complete(reply("done", "ok"));
    messages().fail(Fixtures.failureReply("failed", "boom"));
    messages().recordFailure("dead", "boom", 1);

    assertEquals(List.of("open"), ids(messages().pending(List.of(SHARD_1), at(10), 10)));
  }

  @Test
  void pendingReturnsTheRequestAsSaved() {
    RequestRecord request = request("r-1");
    messages().save(request);

    assertEquals(
        List.of(RequestState.pending(request)), messages().pending(List.of(SHARD_1), T0, 10));
  }
}
