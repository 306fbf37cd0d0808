package io.cruster.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.testkit.TestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class IdempotencyTest {
  record Wallet(int balance) {}

  /** De-duplicated by content: the same amount and reference are the same payment. */
  @Public
  record Pay(String reference, int amount) implements Activity<Integer>, Idempotent {}

  /** De-duplicated by its business key only. */
  @Public
  record PlaceOrder(String orderId, int quantity) implements Activity<Integer>, Idempotent {
    @Override
    public String idempotencyKey() {
      return orderId;
    }
  }

  /** Waits for the test's go-ahead, so a duplicate can arrive while the first call runs. */
  @Public
  record SlowPay(String reference, int amount) implements Activity<Integer>, Idempotent {}

  /** Not idempotent: each call is a new request unless it carries a key. */
  @Public
  record Deposit(int amount) implements Activity<Integer> {}

  /** An idempotent workflow. */
  record Settle(String batch) implements Workflow<Integer>, Idempotent {}

  @Public
  record BlankKey() implements Activity<Integer>, Idempotent {
    @Override
    public String idempotencyKey() {
      return " ";
    }
  }

  record Balance() implements Rpc<Integer> {}

  private final AtomicInteger runs = new AtomicInteger();
  private final AtomicInteger settlements = new AtomicInteger();
  private final AtomicInteger slowStarts = new AtomicInteger();
  private final CountDownLatch goAhead = new CountDownLatch(1);

  private int add(ActivityContext<Wallet> ctx, int amount) {
    runs.incrementAndGet();
    ctx.setState(new Wallet(ctx.state().balance() + amount));
    return ctx.state().balance();
  }

  private final EntityType<Wallet> type =
      EntityType.define("Wallet", Wallet.class)
          .init(ctx -> new Wallet(0))
          .activity(Pay.class, (ctx, m) -> add(ctx, m.amount()))
          .activity(PlaceOrder.class, (ctx, m) -> add(ctx, m.quantity()))
          .activity(
              SlowPay.class,
              (ctx, m) -> {
                slowStarts.incrementAndGet();
                goAhead.await(10, TimeUnit.SECONDS);
                return add(ctx, m.amount());
              })
          .activity(Deposit.class, (ctx, m) -> add(ctx, m.amount()))
          .activity(BlankKey.class, (ctx, m) -> add(ctx, 1))
          .workflow(Settle.class, (ctx, m) -> settlements.incrementAndGet())
          .rpc(Balance.class, (ctx, m) -> ctx.state().balance())
          .build();

  private final TestCluster cluster = TestCluster.create();
  private final EntityClient wallets = cluster.register(type);

  @AfterEach
  void close() {
    goAhead.countDown();
    cluster.close();
  }

  @Test
  void idempotentMessageCalledTwiceRunsOnceAndRepliesTheSame() {
    assertEquals(10, wallets.call("w-1", new Pay("inv-1", 10)));
    assertEquals(10, wallets.call("w-1", new Pay("inv-1", 10)));
    assertEquals(1, runs.get());
    assertEquals(10, wallets.call("w-1", new Balance()));
  }

  @Test
  void differentContentIsADifferentRequest() {
    wallets.call("w-1", new Pay("inv-1", 10));
    wallets.call("w-1", new Pay("inv-2", 10));
    wallets.call("w-1", new Pay("inv-1", 11));
    assertEquals(3, runs.get());
    assertEquals(31, wallets.call("w-1", new Balance()));
  }

  @Test
  void sameMessageToAnotherEntityIsAnotherRequest() {
    wallets.call("w-1", new Pay("inv-1", 10));
    wallets.call("w-2", new Pay("inv-1", 10));
    assertEquals(2, runs.get());
  }

  @Test
  void concurrentDuplicateSharesTheRunningExecution() {
    CompletableFuture<Integer> first = wallets.callAsync("w-1", new SlowPay("inv-1", 5));
    Waiting.until(() -> slowStarts.get() == 1);
    CompletableFuture<Integer> second = wallets.callAsync("w-1", new SlowPay("inv-1", 5));
    goAhead.countDown();
    assertEquals(5, first.join());
    assertEquals(5, second.join());
    assertEquals(1, slowStarts.get());
    assertEquals(1, runs.get());
  }

  @Test
  void twoThreadsCallingAtOnceGetOneExecutionAndTheSameReply() throws Exception {
    goAhead.countDown();
    for (int round = 0; round < 50; round++) {
      Pay pay = new Pay("inv-" + round, 1);
      CountDownLatch start = new CountDownLatch(1);
      try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
        List<Future<Integer>> replies = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          replies.add(
              threads.submit(
                  () -> {
                    start.await();
                    return wallets.call("w-1", pay);
                  }));
        }
        start.countDown();
        assertEquals(replies.get(0).get(), replies.get(1).get(), "round " + round);
      }
      assertEquals(round + 1, runs.get(), "round " + round);
    }
    assertEquals(50, wallets.call("w-1", new Balance()));
  }

  @Test
  void customKeyDeduplicatesDifferentContent() {
    assertEquals(3, wallets.call("w-1", new PlaceOrder("order-9", 3)));
    assertEquals(3, wallets.call("w-1", new PlaceOrder("order-9", 4)));
    assertEquals(1, runs.get());
    assertEquals(7, wallets.call("w-1", new PlaceOrder("order-10", 4)));
  }

  @Test
  void blankCustomKeyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> wallets.call("w-1", new BlankKey()));
    assertEquals(0, runs.get());
  }

  @Test
  void callOptionKeyDeduplicatesAnyDurableCall() {
    assertEquals(4, wallets.call("w-1", new Deposit(4), CallOptions.idempotencyKey("transfer-1")));
    assertEquals(4, wallets.call("w-1", new Deposit(4), CallOptions.idempotencyKey("transfer-1")));
    assertEquals(1, runs.get());
    assertEquals(8, wallets.call("w-1", new Deposit(4), CallOptions.idempotencyKey("transfer-2")));
  }

  @Test
  void callsWithoutAKeyAreNewRequests() {
    wallets.call("w-1", new Deposit(4));
    wallets.call("w-1", new Deposit(4));
    assertEquals(2, runs.get());
  }

  @Test
  void idempotentWorkflowRunsOnce() {
    assertEquals(1, wallets.call("w-1", new Settle("batch-1")));
    assertEquals(1, wallets.call("w-1", new Settle("batch-1")));
    assertEquals(1, settlements.get());
    assertEquals(2, wallets.call("w-1", new Settle("batch-2")));
  }

  @Test
  void storedReplyIsReturnedAfterRestart() {
    assertEquals(10, wallets.call("w-1", new Pay("inv-1", 10)));
    cluster.restart();
    assertEquals(10, wallets.call("w-1", new Pay("inv-1", 10)));
    assertEquals(1, runs.get());
  }
}
