package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.testkit.ActorTestKit;
import io.cruster.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AskTest {
  private final ActorTestKit kit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  record Echo(String text, ActorRef<String> replyTo) {}

  static Behavior<Echo> echo() {
    return Behaviors.receive(Echo.class)
        .onMessage(
            Echo.class,
            (ctx, e) -> {
              e.replyTo().tell(e.text());
              return Behaviors.same();
            })
        .build();
  }

  @Test
  void askFromOutsideReturnsTheReply() {
    ActorRef<Echo> e = kit.spawn(echo());
    String reply = kit.system().ask(e, r -> new Echo("hi", r), Duration.ofSeconds(3));
    assertEquals("hi", reply);
  }

  @Test
  void askWithoutReplyTimesOut() {
    ActorRef<Echo> silent = kit.spawn(Behaviors.ignore(), "silent");
    AskTimeoutException e =
        assertThrows(
            AskTimeoutException.class,
            () ->
                kit.system()
                    .<Echo, String>ask(silent, r -> new Echo("hi", r), Duration.ofMillis(100)));
    assertTrue(e.getMessage().contains("silent"), e.getMessage());
    assertTrue(e.isRetryable());
  }

  @Test
  void askAsyncTimesOutExceptionally() {
    ActorRef<Echo> silent = kit.spawn(Behaviors.ignore());
    CompletableFuture<String> f =
        kit.system().askAsync(silent, r -> new Echo("hi", r), Duration.ofMillis(50));
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    assertInstanceOf(AskTimeoutException.class, e.getCause());
  }

  @Test
  void askToAFullMailboxFailsWithMailboxFull() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    ActorRef<Echo> busy =
        kit.spawn(
            Behaviors.receiveMessage(
                m -> {
                  inside.countDown();
                  release.await();
                  return Behaviors.same();
                }),
            "busy",
            Props.mailboxCapacity(1));
    busy.tell(new Echo("occupy", kit.<String>createTestProbe().ref()));
    assertTrue(inside.await(5, java.util.concurrent.TimeUnit.SECONDS));
    busy.tell(new Echo("waits", kit.<String>createTestProbe().ref()));
    assertThrows(
        MailboxFullException.class,
        () -> kit.system().<Echo, String>ask(busy, r -> new Echo("x", r), Duration.ofSeconds(1)));
    release.countDown();
  }

  sealed interface Cmd {}

  record Ask(String text) implements Cmd {}

  record Answer(String text, Throwable failure) implements Cmd {}

  @Test
  void askFromAnActorMapsReplyAndTimeout() {
    ActorRef<Echo> e = kit.spawn(echo());
    ActorRef<Echo> silent = kit.spawn(Behaviors.ignore());
    TestProbe<Answer> out = kit.createTestProbe();
    ActorRef<Cmd> asker =
        kit.spawn(
            Behaviors.receive(Cmd.class)
                .onMessage(
                    Ask.class,
                    (ctx, a) -> {
                      ActorRef<Echo> target = a.text().equals("to nobody") ? silent : e;
                      ctx.ask(
                          String.class,
                          target,
                          Duration.ofMillis(200),
                          r -> new Echo(a.text(), r),
                          Answer::new);
                      return Behaviors.same();
                    })
                .onMessage(
                    Answer.class,
                    (ctx, a) -> {
                      out.ref().tell(a);
                      return Behaviors.same();
                    })
                .build());
    asker.tell(new Ask("hello"));
    assertEquals(new Answer("hello", null), out.receiveMessage());
    asker.tell(new Ask("to nobody"));
    Answer timedOut = out.receiveMessage();
    assertInstanceOf(AskTimeoutException.class, timedOut.failure());
  }

  @Test
  void pipeToSelfDeliversTheOutcomeOnTheActorsThread() {
    TestProbe<String> out = kit.createTestProbe();
    CompletableFuture<String> future = new CompletableFuture<>();
    kit.spawn(
        Behaviors.<String>setup(
            ctx -> {
              ctx.pipeToSelf(
                  future, (v, err) -> err == null ? "got " + v : "failed " + err.getMessage());
              return Behaviors.receiveMessage(
                  m -> {
                    out.ref().tell(m);
                    return Behaviors.same();
                  });
            }));
    future.complete("value");
    out.expectMessage("got value");
  }

  @Test
  void messageAdapterConvertsForeignMessages() {
    TestProbe<String> out = kit.createTestProbe();
    TestProbe<ActorRef<Integer>> adapters = kit.createTestProbe();
    kit.spawn(
        Behaviors.<String>setup(
            ctx -> {
              adapters.ref().tell(ctx.messageAdapter(Integer.class, n -> "number " + n));
              return Behaviors.receiveMessage(
                  m -> {
                    out.ref().tell(m);
                    return Behaviors.same();
                  });
            }));
    adapters.receiveMessage().tell(42);
    out.expectMessage("number 42");
  }
}
