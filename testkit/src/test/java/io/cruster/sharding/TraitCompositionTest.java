package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.testkit.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TraitCompositionTest {
  // ---- trait 1: an audit log

  record AuditLog(List<String> entries) {}

  @Public
  record Audit(String entry) implements Activity<Integer> {}

  @Protected
  record Stamp(String entry) implements Activity<Integer> {}

  record ReadAudit() implements Rpc<AuditLog> {}

  // ---- trait 2: labels

  record Labels(Set<String> labels) {}

  @Public
  record Label(String label) implements Activity<Labels> {}

  record ReadLabels() implements Rpc<Labels> {}

  // ---- the entities composing both

  record Doc(String title) {}

  record Ledger(int total) {}

  @Public
  record Retitle(String title) implements Activity<String> {}

  /** Stamps the audit log (a protected trait activity) from the entity's own workflow. */
  record Publish() implements Workflow<Integer> {}

  @Public
  record Add(int amount) implements Activity<Integer> {}

  record Title() implements Rpc<String> {}

  private final AtomicInteger stamps = new AtomicInteger();

  private static List<String> plus(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }

  private final EntityTrait<AuditLog> auditing =
      EntityTrait.define("auditing", AuditLog.class)
          .init(ctx -> new AuditLog(List.of()))
          .activity(
              Audit.class,
              (ctx, m) -> {
                ctx.setState(new AuditLog(plus(ctx.state().entries(), m.entry())));
                return ctx.state().entries().size();
              })
          .activity(
              Stamp.class,
              (ctx, m) -> {
                stamps.incrementAndGet();
                ctx.setState(new AuditLog(plus(ctx.state().entries(), "stamp:" + m.entry())));
                return ctx.state().entries().size();
              })
          .rpc(ReadAudit.class, (ctx, m) -> ctx.state())
          .build();

  private final EntityTrait<Labels> labelling =
      EntityTrait.define("labelling", Labels.class)
          .init(ctx -> new Labels(Set.of()))
          .activity(
              Label.class,
              (ctx, m) -> {
                Set<String> labels = new TreeSet<>(ctx.state().labels());
                labels.add(m.label());
                ctx.setState(new Labels(labels));
                return ctx.state();
              })
          .rpc(ReadLabels.class, (ctx, m) -> ctx.state())
          .build();

  private final EntityType<Doc> documentType =
      EntityType.define("Document", Doc.class)
          .init(ctx -> new Doc("untitled"))
          .with(auditing)
          .with(labelling)
          .activity(
              Retitle.class,
              (ctx, m) -> {
                ctx.setState(new Doc(m.title()));
                // The entity's own activity may also write a trait's state, in the same commit.
                ctx.setTraitState(
                    auditing, new AuditLog(plus(ctx.traitState(auditing).entries(), "retitled")));
                return m.title();
              })
          .workflow(Publish.class, (ctx, m) -> ctx.run(new Stamp("published")))
          .rpc(Title.class, (ctx, m) -> ctx.state().title())
          .build();

  private final EntityType<Ledger> ledgerType =
      EntityType.define("Ledger", Ledger.class)
          .init(ctx -> new Ledger(0))
          .with(auditing)
          .with(labelling)
          .activity(
              Add.class,
              (ctx, m) -> {
                ctx.setState(new Ledger(ctx.state().total() + m.amount()));
                return ctx.state().total();
              })
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient documents = cluster.register(documentType);
  private final EntityClient ledgers = cluster.register(ledgerType);

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void traitStateBelongsToEachEntity() {
    documents.call("d-1", new Audit("created d-1"));
    documents.call("d-2", new Audit("created d-2"));
    ledgers.call("d-1", new Audit("opened ledger d-1"));
    documents.call("d-1", new Label("draft"));

    assertEquals(List.of("created d-1"), documents.call("d-1", new ReadAudit()).entries());
    assertEquals(List.of("created d-2"), documents.call("d-2", new ReadAudit()).entries());
    assertEquals(List.of("opened ledger d-1"), ledgers.call("d-1", new ReadAudit()).entries());
    assertEquals(Set.of("draft"), documents.call("d-1", new ReadLabels()).labels());
    assertEquals(Set.of(), documents.call("d-2", new ReadLabels()).labels());
    assertEquals(Set.of(), ledgers.call("d-1", new ReadLabels()).labels());
  }

  @Test
  void publicTraitMessagesAreCallableOnEachEntityTypesClient() {
    assertEquals(1, documents.call("d-1", new Audit("a")));
    assertEquals(2, documents.call("d-1", new Audit("b")));
    assertEquals(Set.of("x"), ledgers.call("l-1", new Label("x")).labels());
    assertEquals(Set.of("x", "y"), ledgers.call("l-1", new Label("y")).labels());
    assertEquals(5, ledgers.call("l-1", new Add(5)));
  }

  @Test
  void protectedTraitMessageIsRefusedToClientsButRunsFromTheEntitysWorkflow() {
    assertThrows(NotCallableException.class, () -> documents.call("d-1", new Stamp("by client")));
    assertEquals(0, stamps.get());
    assertEquals(1, documents.call("d-1", new Publish()));
    assertEquals(1, stamps.get());
    assertEquals(List.of("stamp:published"), documents.call("d-1", new ReadAudit()).entries());
  }

  @Test
  void entityActivityWritesItsStateAndTraitStateTogether() {
    assertEquals("Plans", documents.call("d-1", new Retitle("Plans")));
    assertEquals("Plans", documents.call("d-1", new Title()));
    assertEquals(List.of("retitled"), documents.call("d-1", new ReadAudit()).entries());
  }

  @Test
  void traitStateSurvivesPassivation() {
    documents.call("d-1", new Audit("kept"));
    documents.call("d-1", new Label("blue"));
    ledgers.call("l-1", new Audit("kept too"));
    cluster
        .clock()
        .advance(ShardingConfig.DEFAULT_ENTITY_MAX_IDLE_TIME.plus(Duration.ofSeconds(1)));
    Waiting.until(
        () -> cluster.liveEntities(documentType) == 0 && cluster.liveEntities(ledgerType) == 0);

    assertEquals(List.of("kept"), documents.call("d-1", new ReadAudit()).entries());
    assertEquals(Set.of("blue"), documents.call("d-1", new ReadLabels()).labels());
    assertEquals(List.of("kept too"), ledgers.call("l-1", new ReadAudit()).entries());
    assertEquals(2, cluster.activations(documentType));
  }

  @Test
  void traitStateSurvivesRestart() {
    documents.call("d-1", new Audit("kept"));
    ledgers.call("l-1", new Label("green"));
    cluster.restart();
    assertEquals(List.of("kept"), documents.call("d-1", new ReadAudit()).entries());
    assertEquals(Set.of("green"), ledgers.call("l-1", new ReadLabels()).labels());
  }
}
