package io.cruster.sharding;

import io.cruster.sharding.internal.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The recorded history of a workflow execution ({@link Workflows#history}): the workflow message
 * that started it, every journaled step with its payload, and its status. It round-trips through
 * JSON ({@link #toJson()}, {@link #fromJson(String)}), so histories of running executions can be
 * exported before a deploy and replayed against the new code in a unit test (the testkit's {@code
 * WorkflowReplayer}). Payloads are the serialized bytes Cruster stored (base64 in JSON). Immutable
 * if nobody changes the arrays; equality compares the bytes.
 *
 * @param executionId the execution's id
 * @param entityType the type of the entity that ran it
 * @param entityId that entity's id
 * @param tag the tag of the workflow message
 * @param status its status when the history was taken
 * @param startedAt when it started
 * @param endedAt when it finished, if it had
 * @param failure what it failed with, for FAILED and CANCELLED executions
 * @param input the serialized workflow message
 * @param steps the journaled steps, in order
 */
public record WorkflowHistory(
    String executionId,
    String entityType,
    String entityId,
    String tag,
    WorkflowStatus status,
    Instant startedAt,
    Optional<Instant> endedAt,
    Optional<String> failure,
    byte[] input,
    List<Step> steps) {

  /** The version of the JSON format written by {@link #toJson()}. */
  public static final int FORMAT = 1;

  /**
   * One journaled step.
   *
   * @param number the step number, from 1, consecutive
   * @param kind what the step did
   * @param tag what it ran (checked on replay together with the kind)
   * @param result its serialized result, or its serialized error when {@code failed}
   * @param failed whether it failed
   * @param recordedAt when it was recorded
   */
  public record Step(
      int number,
      WorkflowStep.Kind kind,
      String tag,
      byte[] result,
      boolean failed,
      Instant recordedAt) {

    /** Checks the fields. */
    public Step {
      if (number < 1) {
        throw new IllegalArgumentException("a step number is >= 1, was " + number);
      }
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(recordedAt, "recordedAt");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Step s
          && number == s.number
          && failed == s.failed
          && kind == s.kind
          && tag.equals(s.tag)
          && Arrays.equals(result, s.result)
          && recordedAt.equals(s.recordedAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(number, kind, tag, Arrays.hashCode(result), failed, recordedAt);
    }

    @Override
    public String toString() {
      return "Step[" + number + " " + kind + " " + tag + (failed ? " failed" : "") + "]";
    }
  }

  /**
   * Checks the fields and copies the steps.
   *
   * @throws IllegalArgumentException when the steps are not numbered 1, 2, 3...
   */
  public WorkflowHistory {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(input, "input");
    steps = List.copyOf(steps);
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).number() != i + 1) {
        throw new IllegalArgumentException(
            "the steps of a workflow history are numbered from 1 without gaps; step "
                + (i + 1)
                + " of execution "
                + executionId
                + " is numbered "
                + steps.get(i).number());
      }
    }
  }

  /** This history as JSON text (format {@value #FORMAT}). */
  public String toJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", FORMAT);
    doc.put("executionId", executionId);
    doc.put("entityType", entityType);
    doc.put("entityId", entityId);
    doc.put("tag", tag);
    doc.put("status", status.name());
    doc.put("startedAt", startedAt.toString());
    doc.put("endedAt", endedAt.map(Instant::toString).orElse(null));
    doc.put("failure", failure.orElse(null));
    doc.put("input", base64(input));
    List<Object> list = new ArrayList<>();
    for (Step s : steps) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("step", s.number());
      step.put("kind", s.kind().name());
      step.put("tag", s.tag());
      step.put("failed", s.failed());
      step.put("recordedAt", s.recordedAt().toString());
      step.put("result", base64(s.result()));
      list.add(step);
    }
    doc.put("steps", list);
    return Json.write(doc);
  }

  /**
   * The history in JSON {@code json}, as {@link #toJson()} writes it.
   *
   * @throws IllegalArgumentException when {@code json} is not such a document (the message says
   *     what is wrong, and where)
   */
  public static WorkflowHistory fromJson(String json) {
    Objects.requireNonNull(json, "json");
    Map<String, Object> doc = object(Json.read(json), "the document");
    Object format = doc.get("format");
    if (!(format instanceof Long f) || f != FORMAT) {
      throw new IllegalArgumentException(
          "not a workflow history of format " + FORMAT + ": \"format\" is " + format);
    }
    List<Step> steps = new ArrayList<>();
    Object rawSteps = doc.get("steps");
    if (!(rawSteps instanceof List<?> list)) {
      throw new IllegalArgumentException("a workflow history needs a \"steps\" array");
    }
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> s = object(list.get(i), "steps[" + i + "]");
      Object number = s.get("step");
      if (!(number instanceof Long n) || n < 1 || n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("steps[" + i + "].step must be a number >= 1");
      }
      Object failed = s.get("failed");
      if (!(failed instanceof Boolean b)) {
        throw new IllegalArgumentException("steps[" + i + "].failed must be true or false");
      }
      steps.add(
          new Step(
              n.intValue(),
              kind(text(s, "kind", "steps[" + i + "]")),
              text(s, "tag", "steps[" + i + "]"),
              bytes(text(s, "result", "steps[" + i + "]"), "steps[" + i + "].result"),
              b,
              instant(text(s, "recordedAt", "steps[" + i + "]"), "steps[" + i + "].recordedAt")));
    }
    WorkflowStatus status;
    try {
      status = WorkflowStatus.valueOf(text(doc, "status", "the history"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown workflow status " + doc.get("status"), e);
    }
    return new WorkflowHistory(
        text(doc, "executionId", "the history"),
        text(doc, "entityType", "the history"),
        text(doc, "entityId", "the history"),
        text(doc, "tag", "the history"),
        status,
        instant(text(doc, "startedAt", "the history"), "startedAt"),
        optionalText(doc, "endedAt").map(t -> instant(t, "endedAt")),
        optionalText(doc, "failure"),
        bytes(text(doc, "input", "the history"), "input"),
        steps);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
    return (Map<String, Object>) map;
  }

  private static String text(Map<String, Object> doc, String key, String where) {
    Object value = doc.get(key);
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException(where + " needs \"" + key + "\" as a string");
    }
    return s;
  }

  private static Optional<String> optionalText(Map<String, Object> doc, String key) {
    Object value = doc.get(key);
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException("\"" + key + "\" must be a string or null");
    }
    return Optional.ofNullable((String) value);
  }

  private static WorkflowStep.Kind kind(String name) {
    try {
      return WorkflowStep.Kind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown step kind " + name, e);
    }
  }

  private static Instant instant(String text, String where) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(where + " is not an ISO-8601 instant: " + text, e);
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] bytes(String text, String where) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " is not base64", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkflowHistory h
        && executionId.equals(h.executionId)
        && entityType.equals(h.entityType)
        && entityId.equals(h.entityId)
        && tag.equals(h.tag)
        && status == h.status
        && startedAt.equals(h.startedAt)
        && endedAt.equals(h.endedAt)
        && failure.equals(h.failure)
        && Arrays.equals(input, h.input)
        && steps.equals(h.steps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(executionId, tag, status, startedAt, Arrays.hashCode(input), steps);
  }

  @Override
  public String toString() {
    return "WorkflowHistory["
        + executionId
        + " "
        + entityType
        + "/"
        + entityId
        + " "
        + tag
        + " "
        + status
        + ", "
        + steps.size()
        + " steps]";
  }
}
