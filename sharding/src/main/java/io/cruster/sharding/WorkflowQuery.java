package io.cruster.sharding;

import io.cruster.sharding.internal.ExecutionCursor;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which workflow executions {@link Workflows#list} returns: those matching every filter set here,
 * newest first (by start), at most {@code limit}, after a page cursor. Immutable: each method
 * returns a new query.
 *
 * <pre>{@code
 * List<WorkflowExecution> page = workflows.list(
 *     WorkflowQuery.all().entityType(Order.TYPE).status(WorkflowStatus.AWAITING).limit(50));
 * List<WorkflowExecution> next = workflows.list(query.after(page.get(page.size() - 1)));
 * }</pre>
 *
 * Every filter is served by an index (see the README); a query by entity id, tag or entity type
 * reads about {@code limit} rows per status asked for, however many executions are stored.
 *
 * @param entityType only executions of entities of this type
 * @param entityId only executions of entities with this id
 * @param tag only executions of the workflow with this message tag (such as {@code Order.Place})
 * @param statuses only executions in one of these statuses (empty: any)
 * @param startedAfter only executions started strictly after this instant
 * @param startedBefore only executions started strictly before this instant
 * @param cursor only executions after the one this cursor came from ({@link
 *     WorkflowExecution#cursor()})
 * @param limit at most this many, 1 to {@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT})
 */
public record WorkflowQuery(
    Optional<String> entityType,
    Optional<String> entityId,
    Optional<String> tag,
    Set<WorkflowStatus> statuses,
    Optional<Instant> startedAfter,
    Optional<Instant> startedBefore,
    Optional<String> cursor,
    int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private static final WorkflowQuery ALL =
      new WorkflowQuery(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Set.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          DEFAULT_LIMIT);

  /**
   * Checks the fields.
   *
   * @throws NullPointerException when a field is null
   * @throws IllegalArgumentException when a string filter is blank, the cursor is not one, or the
   *     limit is out of range
   */
  public WorkflowQuery {
    nonBlank(entityType, "entityType");
    nonBlank(entityId, "entityId");
    nonBlank(tag, "tag");
    Objects.requireNonNull(statuses, "statuses");
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    Objects.requireNonNull(startedAfter, "startedAfter");
    Objects.requireNonNull(startedBefore, "startedBefore");
    Objects.requireNonNull(cursor, "cursor");
    cursor.ifPresent(ExecutionCursor::decode);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "a workflow query's limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  private static void nonBlank(Optional<String> value, String name) {
    Objects.requireNonNull(value, name);
    value.ifPresent(
        v -> {
          if (v.isBlank()) {
            throw new IllegalArgumentException("a workflow query's " + name + " must not be blank");
          }
        });
  }

  /** Every execution, newest first, {@value #DEFAULT_LIMIT} at a time. */
  public static WorkflowQuery all() {
    return ALL;
  }

  /** Only executions of entities of {@code type}. */
  public WorkflowQuery entityType(EntityType<?> type) {
    return entityType(Objects.requireNonNull(type, "type").name());
  }

  /** Only executions of entities of the type named {@code typeName}. */
  public WorkflowQuery entityType(String typeName) {
    return new WorkflowQuery(
        Optional.of(Objects.requireNonNull(typeName, "entityType")),
        entityId,
        tag,
        statuses,
        startedAfter,
        startedBefore,
        cursor,
        limit);
  }

  /** Only executions of entities with id {@code id}. */
  public WorkflowQuery entityId(String id) {
    return new WorkflowQuery(
        entityType,
        Optional.of(Objects.requireNonNull(id, "entityId")),
        tag,
        statuses,
        startedAfter,
        startedBefore,
        cursor,
        limit);
  }

  /** Only executions of the workflow whose message has tag {@code workflowTag}. */
  public WorkflowQuery tag(String workflowTag) {
    return new WorkflowQuery(
        entityType,
        entityId,
        Optional.of(Objects.requireNonNull(workflowTag, "tag")),
        statuses,
        startedAfter,
        startedBefore,
        cursor,
        limit);
  }

  /** Only executions in one of {@code these} statuses (none given: any status). */
  public WorkflowQuery status(WorkflowStatus... these) {
    Objects.requireNonNull(these, "statuses");
    return new WorkflowQuery(
        entityType,
        entityId,
        tag,
        Set.copyOf(java.util.Arrays.asList(these)),
        startedAfter,
        startedBefore,
        cursor,
        limit);
  }

  /** Only executions started strictly after {@code instant}. */
  public WorkflowQuery startedAfter(Instant instant) {
    return new WorkflowQuery(
        entityType,
        entityId,
        tag,
        statuses,
        Optional.of(Objects.requireNonNull(instant, "startedAfter")),
        startedBefore,
        cursor,
        limit);
  }

  /** Only executions started strictly before {@code instant}. */
  public WorkflowQuery startedBefore(Instant instant) {
    return new WorkflowQuery(
        entityType,
        entityId,
        tag,
        statuses,
        startedAfter,
        Optional.of(Objects.requireNonNull(instant, "startedBefore")),
        cursor,
        limit);
  }

  /** At most {@code n} executions (1 to {@value #MAX_LIMIT}). */
  public WorkflowQuery limit(int n) {
    return new WorkflowQuery(
        entityType, entityId, tag, statuses, startedAfter, startedBefore, cursor, n);
  }

  /** The page after {@code last}, the last execution of the previous page. */
  public WorkflowQuery after(WorkflowExecution last) {
    return cursor(Objects.requireNonNull(last, "last").cursor());
  }

  /**
   * The page after the execution {@code pageCursor} came from ({@link WorkflowExecution#cursor()}).
   *
   * @throws IllegalArgumentException when it is not such a cursor
   */
  public WorkflowQuery cursor(String pageCursor) {
    return new WorkflowQuery(
        entityType,
        entityId,
        tag,
        statuses,
        startedAfter,
        startedBefore,
        Optional.of(Objects.requireNonNull(pageCursor, "cursor")),
        limit);
  }
}
