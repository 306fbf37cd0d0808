package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.ActorTestKit;
import io.cruster.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SchedulingTest {
  private final ActorTestKit kit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  @Test
  void aBlockedHandlerDoesNotStallOtherActors() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ActorRef<String> blocker =
        kit.spawn(
            Behaviors.receiveMessage(
                m -> {
                  release.await(); // blocks its virtual thread, not a carrier
                  return Behaviors.same();
                }),
            "blocker");
    blocker.tell("block");
    int actors = 1_000;
    CountDownLatch replies = new CountDownLatch(actors);
    for (int i = 0; i < actors; i++) {
      ActorRef<String> a =
          kit.spawn(
              Behaviors.receiveMessage(
                  m -> {
                    replies.countDown();
                    return Behaviors.same();
                  }));
      a.tell("hello");
    }
    assertTrue(
        replies.await(10, TimeUnit.SECONDS), "1000 actors answered while one handler was blocked");
    release.countDown();
  }

  @Test
  void sleepingHandlersRunConcurrently() throws Exception {
    int actors = 1_000;
    CountDownLatch done = new CountDownLatch(actors);
    for (int i = 0; i < actors; i++) {
      ActorRef<String> a =
          kit.spawn(
              Behaviors.receiveMessage(
                  m -> {
                    Thread.sleep(200);
                    done.countDown();
                    return Behaviors.same();
                  }));
      a.tell("sleep");
    }
    // One after another this would take 200 s; on virtual threads the sleeps overlap.
    assertTrue(done.await(20, TimeUnit.SECONDS));
  }

  record Wake(CountDownLatch latch) {}

  @Test
  void handlerThatWakesAnActorAndWaitsForItDoesNotDeadlock() throws Exception {
    // The woken actor lands in this thread's run-next slot; the handler then blocks on something
    // the runtime
    // cannot see. The watchdog must move the slotted actor to a thread of its own.
    ActorRef<Wake> helper =
        kit.spawn(
            Behaviors.receiveMessage(
                w -> {
                  w.latch().countDown();
                  return Behaviors.same();
                }),
            "helper");
    TestProbe<String> out = kit.createTestProbe();
    ActorRef<String> waiter =
        kit.spawn(
            Behaviors.receiveMessage(
                m -> {
                  CountDownLatch latch = new CountDownLatch(1);
                  helper.tell(new Wake(latch));
                  out.ref().tell(latch.await(5, TimeUnit.SECONDS) ? "helper ran" : "deadlock");
                  return Behaviors.same();
                }),
            "waiter");
    for (int i = 0; i < 20; i++) {
      waiter.tell("go");
      out.expectMessage("helper ran");
    }
  }

  @Test
  void aMillionIdleActorsStopCleanly() {
    int count = 1_000_000;
    TestProbe<Integer> spawned = kit.createTestProbe();
    Behavior<String> idle = Behaviors.receiveMessage(m -> Behaviors.same());
    ActorRef<Integer> spawner =
        kit.spawn(
            Behaviors.<Integer>setup(
                ctx ->
                    Behaviors.receiveMessage(
                        n -> {
                          for (int i = 0; i < n; i++) {
                            ctx.spawnAnonymous(idle);
                          }
                          spawned.ref().tell(ctx.children().size());
                          return Behaviors.same();
                        })),
            "spawner");
    spawner.tell(count);
    assertEquals(count, spawned.receiveMessage(Duration.ofSeconds(30)));
    kit.stop(spawner, Duration.ofSeconds(30));
  }

  @Test
  void pingPongCountsEveryMessage() throws Exception {
    int rounds = 100_000;
    CountDownLatch done = new CountDownLatch(2);
    AtomicInteger handled = new AtomicInteger();
    record Ball(int n, ActorRef<Ball> replyTo) {}
    Behavior<Ball> player =
        Behaviors.receive(Ball.class)
            .onMessage(
                Ball.class,
                (ctx, b) -> {
                  handled.incrementAndGet();
                  if (b.n() >= rounds) {
                    done.countDown();
                  } else {
                    b.replyTo().tell(new Ball(b.n() + 1, ctx.self()));
                    if (b.n() + 1 >= rounds) {
                      done.countDown();
                    }
                  }
                  return Behaviors.same();
                })
            .build();
    ActorRef<Ball> a = kit.spawn(player, "ping");
    ActorRef<Ball> b = kit.spawn(player, "pong");
    a.tell(new Ball(0, b));
    assertTrue(done.await(20, TimeUnit.SECONDS));
    assertEquals(rounds + 1, handled.get());
  }
}
