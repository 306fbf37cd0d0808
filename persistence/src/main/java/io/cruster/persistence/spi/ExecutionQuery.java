package io.cruster.persistence.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which workflow executions {@link ExecutionStore#list} returns: those matching every filter that
 * is set, newest first (by start, then by id, both descending), at most {@code limit}, starting
 * after {@code after} (the position of the last execution of the previous page). Immutable and
 * thread-safe; build one with {@link #all(int)} and the {@code with...} methods.
 *
 * @param entityType only executions of entities of this type
 * @param entityId only executions of entities with this id
 * @param tag only executions of the workflow with this message tag
 * @param statuses only executions in one of these statuses; empty: any status (a copy)
 * @param startedAfter only executions started strictly after this instant
 * @param startedBefore only executions started strictly before this instant
 * @param after only executions after this position in the order (keyset paging)
 * @param limit at most this many, from 1 to {@value #MAX_LIMIT}
 */
public record ExecutionQuery(
    Optional<String> entityType,
    Optional<String> entityId,
    Optional<String> tag,
    Set<ExecutionStatus> statuses,
    Optional<Instant> startedAfter,
    Optional<Instant> startedBefore,
    Optional<Position> after,
    int limit) {

  /** The largest page a query may ask for. */
  public static final int MAX_LIMIT = 1000;

  /**
   * A place in the order of {@link ExecutionStore#list}: executions come after it when they started
   * before {@code startedAt}, or at it with a smaller id.
   *
   * @param startedAt the start of the last execution seen
   * @param executionId its id; not blank
   */
  public record Position(Instant startedAt, String executionId) {

    /**
     * Checks the fields. Never blocks.
     *
     * @throws NullPointerException when a field is null
     * @throws IllegalArgumentException when {@code executionId} is blank
     */
    public Position {
      Checks.nonNull(startedAt, "ExecutionQuery.Position", "startedAt");
      Checks.nonBlank(executionId, "ExecutionQuery.Position", "executionId");
    }

    /** The position of this execution. Never blocks. */
    public static Position of(ExecutionRecord record) {
      return new Position(record.startedAt(), record.executionId());
    }
  }

  /**
   * Checks and copies the fields. Never blocks.
   *
   * @throws NullPointerException when a field or a status is null
   * @throws IllegalArgumentException when a string filter is blank or {@code limit} is out of range
   */
  public ExecutionQuery {
    Checks.nonNull(entityType, "ExecutionQuery", "entityType");
    Checks.nonNull(entityId, "ExecutionQuery", "entityId");
    Checks.nonNull(tag, "ExecutionQuery", "tag");
    entityType.ifPresent(v -> Checks.nonBlank(v, "ExecutionQuery", "entityType"));
    entityId.ifPresent(v -> Checks.nonBlank(v, "ExecutionQuery", "entityId"));
    tag.ifPresent(v -> Checks.nonBlank(v, "ExecutionQuery", "tag"));
    statuses = Set.copyOf(Checks.copyOf(statuses, "ExecutionQuery", "statuses"));
    Checks.nonNull(startedAfter, "ExecutionQuery", "startedAfter");
    Checks.nonNull(startedBefore, "ExecutionQuery", "startedBefore");
    Checks.nonNull(after, "ExecutionQuery", "after");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "ExecutionQuery.limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** Every execution, newest first, {@code limit} at a time. Never blocks. */
  public static ExecutionQuery all(int limit) {
    return new ExecutionQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Set.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        limit);
  }

  /** The statuses to look at: those asked for, or all of them when none was. Never blocks. */
  public Set<ExecutionStatus> statusesOrAll() {
    return statuses.isEmpty() ? EnumSet.allOf(ExecutionStatus.class) : statuses;
  }

  /** This query, only for entities of {@code type}. */
  public ExecutionQuery withEntityType(String type) {
    return new ExecutionQuery(
        Optional.of(type), entityId, tag, statuses, startedAfter, startedBefore, after, limit);
  }

  /** This query, only for entities with id {@code id}. */
  public ExecutionQuery withEntityId(String id) {
    return new ExecutionQuery(
        entityType, Optional.of(id), tag, statuses, startedAfter, startedBefore, after, limit);
  }

  /** This query, only for the workflow with message tag {@code workflowTag}. */
  public ExecutionQuery withTag(String workflowTag) {
    return new ExecutionQuery(
        entityType,
        entityId,
        Optional.of(workflowTag),
        statuses,
        startedAfter,
        startedBefore,
        after,
        limit);
  }

  /** This query, only for executions in one of {@code these} statuses (empty: any). */
  public ExecutionQuery withStatuses(Collection<ExecutionStatus> these) {
    return new ExecutionQuery(
        entityType, entityId, tag, Set.copyOf(these), startedAfter, startedBefore, after, limit);
  }

  /** This query, only for executions started strictly after {@code instant}. */
  public ExecutionQuery withStartedAfter(Instant instant) {
    return new ExecutionQuery(
        entityType, entityId, tag, statuses, Optional.of(instant), startedBefore, after, limit);
  }

  /** This query, only for executions started strictly before {@code instant}. */
  public ExecutionQuery withStartedBefore(Instant instant) {
    return new ExecutionQuery(
        entityType, entityId, tag, statuses, startedAfter, Optional.of(instant), after, limit);
  }

  /** This query, for the page after {@code position}. */
  public ExecutionQuery withAfter(Position position) {
    return new ExecutionQuery(
        entityType,
        entityId,
        tag,
        statuses,
        startedAfter,
        startedBefore,
        Optional.of(position),
        limit);
  }

  /** This query with another page size. */
  public ExecutionQuery withLimit(int pageSize) {
    return new ExecutionQuery(
        entityType, entityId, tag, statuses, startedAfter, startedBefore, after, pageSize);
  }
}
