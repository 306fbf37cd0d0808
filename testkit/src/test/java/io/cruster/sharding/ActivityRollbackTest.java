package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.actors.EntityAddress;
import io.cruster.testkit.TestCluster;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ActivityRollbackTest {
  record Account(int balance) {}

  record Audit(int entries) {}

  @Public
  record Deposit(int amount) implements Activity<Integer> {}

  /** Sets the state and the trait's state, then throws. */
  @Public
  record DepositThenFail(int amount) implements Activity<Integer> {}

  record Balance() implements Rpc<Integer> {}

  /** Sets the new balance, then waits for the test before it returns (and commits). */
  @Public
  record SlowDeposit(int amount) implements Activity<Integer> {}

  record AuditEntries() implements Rpc<Integer> {}

  /** Runs a deposit and a failing deposit; catches the failure and reports the balance. */
  record DepositTwice(int amount) implements Workflow<String> {}

  @Private
  record InnerDeposit(int amount) implements Activity<Integer> {}

  @Private
  record InnerFail(int amount) implements Activity<Integer> {}

  static final EntityTrait<Audit> AUDIT =
      EntityTrait.define("audit", Audit.class)
          .init(ctx -> new Audit(0))
          .rpc(AuditEntries.class, (ctx, m) -> ctx.state().entries())
          .build();

  private final AtomicInteger failures = new AtomicInteger();
  private final CountDownLatch inside = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  private final EntityType<Account> type =
      EntityType.define("Account", Account.class)
          .init(ctx -> new Account(0))
          .with(AUDIT)
          .activity(Deposit.class, (ctx, m) -> deposit(ctx, m.amount()))
          .activity(DepositThenFail.class, (ctx, m) -> depositThenFail(ctx, m.amount()))
          .activity(InnerDeposit.class, (ctx, m) -> deposit(ctx, m.amount()))
          .activity(InnerFail.class, (ctx, m) -> depositThenFail(ctx, m.amount()))
          .activity(
              SlowDeposit.class,
              (ctx, m) -> {
                int balance = deposit(ctx, m.amount());
                inside.countDown();
                release.await(10, TimeUnit.SECONDS);
                return balance;
              })
          .rpc(Balance.class, (ctx, m) -> ctx.state().balance())
          .workflow(
              DepositTwice.class,
              (ctx, m) -> {
                ctx.run(new InnerDeposit(m.amount()));
                try {
                  ctx.run(new InnerFail(m.amount()));
                  return "no failure";
                } catch (EntityException e) {
                  return e.remoteType() + " " + e.remoteMessage();
                }
              })
          .build();

  private static int deposit(ActivityContext<Account> ctx, int amount) {
    ctx.setState(new Account(ctx.state().balance() + amount));
    ctx.setTraitState(AUDIT, new Audit(ctx.traitState(AUDIT).entries() + 1));
    return ctx.state().balance();
  }

  private int depositThenFail(ActivityContext<Account> ctx, int amount) {
    deposit(ctx, amount);
    failures.incrementAndGet();
    throw new IllegalArgumentException("card declined after " + amount);
  }

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient accounts = cluster.register(type);

  @AfterEach
  void close() {
    release.countDown();
    cluster.close();
  }

  @Test
  void failingActivityChangesNeitherStateNorTraitState() {
    assertEquals(10, accounts.call("a-1", new Deposit(10)));
    EntityException e =
        assertThrows(EntityException.class, () -> accounts.call("a-1", new DepositThenFail(5)));
    assertEquals(IllegalArgumentException.class.getName(), e.remoteType());
    assertEquals("card declined after 5", e.remoteMessage());
    assertEquals(1, failures.get());
    assertEquals(10, accounts.call("a-1", new Balance()));
    assertEquals(1, accounts.call("a-1", new AuditEntries()));
  }

  @Test
  void entityKeepsServingAfterAFailedActivity() {
    assertThrows(EntityException.class, () -> accounts.call("a-1", new DepositThenFail(5)));
    assertEquals(3, accounts.call("a-1", new Deposit(3)));
    assertEquals(3, accounts.call("a-1", new Balance()));
    assertEquals(1, accounts.call("a-1", new AuditEntries()));
  }

  @Test
  void failedActivityLeavesStoredStateUntouched() {
    accounts.call("a-1", new Deposit(10));
    var before =
        cluster.storage().states().load(new EntityAddress(type.name(), "a-1")).orElseThrow();
    assertThrows(EntityException.class, () -> accounts.call("a-1", new DepositThenFail(5)));
    var after =
        cluster.storage().states().load(new EntityAddress(type.name(), "a-1")).orElseThrow();
    assertEquals(before.version(), after.version());
    cluster.restart();
    assertEquals(10, accounts.call("a-1", new Balance()));
    assertEquals(1, accounts.call("a-1", new AuditEntries()));
  }

  @Test
  void rpcSeesOnlyCommittedState() throws InterruptedException {
    accounts.call("a-1", new Deposit(10));
    CompletableFuture<Integer> slow = accounts.callAsync("a-1", new SlowDeposit(5));
    assertTrue(inside.await(10, TimeUnit.SECONDS));
    assertEquals(10, accounts.call("a-1", new Balance()));
    assertEquals(1, accounts.call("a-1", new AuditEntries()));
    release.countDown();
    assertEquals(15, slow.join());
    assertEquals(15, accounts.call("a-1", new Balance()));
    assertEquals(2, accounts.call("a-1", new AuditEntries()));
  }

  @Test
  void failingActivityInsideWorkflowRollsBackOnlyItself() {
    assertEquals(
        IllegalArgumentException.class.getName() + " card declined after 7",
        accounts.call("a-1", new DepositTwice(7)));
    assertEquals(7, accounts.call("a-1", new Balance()));
    assertEquals(1, accounts.call("a-1", new AuditEntries()));
  }
}
