package io.cruster.persistence.spi;

import static io.cruster.persistence.spi.Fixtures.COUNTER_1;
import static io.cruster.persistence.spi.Fixtures.SHARD_1;
import static io.cruster.persistence.spi.Fixtures.T0;
import static io.cruster.persistence.spi.Fixtures.bytes;
import static io.cruster.persistence.spi.Fixtures.reply;
import static io.cruster.persistence.spi.Fixtures.request;
import static io.cruster.persistence.spi.RecordAssertions.refuses;
import static io.cruster.persistence.spi.RecordAssertions.refusesNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageRecordsTest {

  private static RequestRecord withPayload(byte[] payload) {
    return new RequestRecord("r-1", COUNTER_1, SHARD_1, "Increment", payload, "key", true, T0, T0);
  }

  @Test
  void requestRecordsCompareTheirPayloadByContent() {
    assertEquals(withPayload(bytes("p")), withPayload(bytes("p")));
    assertEquals(withPayload(bytes("p")).hashCode(), withPayload(bytes("p")).hashCode());
    assertNotEquals(withPayload(bytes("p")), withPayload(bytes("q")));
  }

  @Test
  void requestRecordPrintsThePayloadLength() {
    String text = withPayload(new byte[] {1, 2, 3, 4}).toString();

    assertTrue(text.contains("payload=byte[4]"), text);
    assertTrue(text.contains("address=Counter/counter-1"), text);
  }

  @Test
  void requestRecordRefusesNullAndBlankFieldsByName() {
    byte[] p = bytes("p");
    refusesNull(
        "RequestRecord.requestId",
        () -> new RequestRecord(null, COUNTER_1, SHARD_1, "Tag", p, "key", true, T0, T0));
    refuses(
        "RequestRecord.requestId",
        () -> new RequestRecord(" ", COUNTER_1, SHARD_1, "Tag", p, "key", true, T0, T0));
    refusesNull(
        "RequestRecord.address",
        () -> new RequestRecord("r", null, SHARD_1, "Tag", p, "key", true, T0, T0));
    refusesNull(
        "RequestRecord.shard",
        () -> new RequestRecord("r", COUNTER_1, null, "Tag", p, "key", true, T0, T0));
    refuses(
        "RequestRecord.tag",
        () -> new RequestRecord("r", COUNTER_1, SHARD_1, "", p, "key", true, T0, T0));
    refusesNull(
        "RequestRecord.payload",
        () -> new RequestRecord("r", COUNTER_1, SHARD_1, "Tag", null, "key", true, T0, T0));
    refuses(
        "RequestRecord.dedupeKey",
        () -> new RequestRecord("r", COUNTER_1, SHARD_1, "Tag", p, "\t", true, T0, T0));
    refusesNull(
        "RequestRecord.createdAt",
        () -> new RequestRecord("r", COUNTER_1, SHARD_1, "Tag", p, "key", true, null, T0));
    refusesNull(
        "RequestRecord.deliverAt",
        () -> new RequestRecord("r", COUNTER_1, SHARD_1, "Tag", p, "key", true, T0, null));
  }

  @Test
  void requestRecordRefusesATraceContextFieldThatCannotBeStored() {
    RequestRecord r = Fixtures.request("r-1");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> r.withTraceContext(java.util.Map.of("trace=parent", "x")));
    assertTrue(e.getMessage().contains("traceContext"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> r.withTraceContext(java.util.Map.of("traceparent", "a\nb")));
  }

  @Test
  void replyRecordsCompareTheirPayloadByContent() {
    assertEquals(reply("r-1", "v"), reply("r-1", "v"));
    assertEquals(reply("r-1", "v").hashCode(), reply("r-1", "v").hashCode());
    assertNotEquals(reply("r-1", "v"), reply("r-1", "w"));
    assertNotEquals(reply("r-1", "v"), new ReplyRecord("r-1", true, bytes("v"), Fixtures.at(10)));
    assertTrue(reply("r-1", "v").toString().contains("payload=byte[1]"));
  }

  @Test
  void replyRecordRefusesNullAndBlankFieldsByName() {
    refuses("ReplyRecord.requestId", () -> new ReplyRecord("", false, bytes("v"), T0));
    refusesNull("ReplyRecord.requestId", () -> new ReplyRecord(null, false, bytes("v"), T0));
    refusesNull("ReplyRecord.payload", () -> new ReplyRecord("r", false, null, T0));
    refusesNull("ReplyRecord.at", () -> new ReplyRecord("r", false, bytes("v"), null));
  }

  @Test
  void pendingStateHasNoFailuresErrorOrReply() {
    RequestState state = RequestState.pending(request("r-1"));

    assertEquals(RequestStatus.PENDING, state.status());
    assertEquals(0, state.failures());
    assertEquals(Optional.empty(), state.lastError());
    assertEquals(Optional.empty(), state.reply());
  }

  @Test
  void requestStateRefusesNullsNegativeFailuresAndAReplyToAnotherRequest() {
    RequestRecord r = request("r-1");
    Optional<String> none = Optional.empty();
    refusesNull(
        "RequestState.request",
        () -> new RequestState(null, RequestStatus.PENDING, 0, none, Optional.empty()));
    refusesNull("RequestState.status", () -> new RequestState(r, null, 0, none, Optional.empty()));
    refusesNull(
        "RequestState.lastError",
        () -> new RequestState(r, RequestStatus.PENDING, 0, null, Optional.empty()));
    refusesNull(
        "RequestState.reply", () -> new RequestState(r, RequestStatus.PENDING, 0, none, null));
    refuses(
        "RequestState.failures",
        () -> new RequestState(r, RequestStatus.PENDING, -1, none, Optional.empty()));
    refuses(
        "RequestState.reply",
        () -> new RequestState(r, RequestStatus.DONE, 0, none, Optional.of(reply("r-2", "v"))));
  }

  @Test
  void duplicateOutcomeRefusesANullState() {
    refusesNull("SaveOutcome.Duplicate.existing", () -> new SaveOutcome.Duplicate(null));
  }
}
