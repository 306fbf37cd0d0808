package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.testkit.ActorTestKit;
import io.cruster.testkit.TestProbe;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DeathWatchTest {
  private final ActorTestKit kit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    kit.close();
  }

  static Behavior<String> stopOnAnyMessage() {
    return Behaviors.receiveMessage(m -> Behaviors.stopped());
  }

  @Test
  void watcherReceivesTerminated() {
    TestProbe<ActorRef<?>> terminated = kit.createTestProbe();
    ActorRef<String> target = kit.spawn(stopOnAnyMessage(), "target");
    kit.spawn(
        Behaviors.<String>setup(
            ctx -> {
              ctx.watch(target);
              return Behaviors.receive(String.class)
                  .onSignal(
                      Terminated.class,
                      (c, t) -> {
                        terminated.ref().tell(t.ref());
                        return Behaviors.same();
                      })
                  .build();
            }));
    target.tell("stop");
    assertEquals(target, terminated.receiveMessage());
  }

  @Test
  void watchingAnActorThatAlreadyStoppedStillDeliversTerminated() {
    ActorRef<String> target = kit.spawn(stopOnAnyMessage(), "gone");
    target.tell("stop");
    TestProbe<Object> probe = kit.createTestProbe();
    probe.expectTerminated(target);
    probe.expectTerminated(target); // watching again after the fact works too
  }

  @Test
  void watchWithDeliversTheGivenMessage() {
    TestProbe<String> probe = kit.createTestProbe();
    ActorRef<String> target = kit.spawn(stopOnAnyMessage(), "target");
    kit.spawn(
        Behaviors.<String>setup(
            ctx -> {
              ctx.watchWith(target, "target is gone");
              return Behaviors.receiveMessage(
                  m -> {
                    probe.ref().tell(m);
                    return Behaviors.same();
                  });
            }));
    target.tell("stop");
    probe.expectMessage("target is gone");
  }

  @Test
  void unwatchedActorsDeliverNothing() {
    TestProbe<String> probe = kit.createTestProbe();
    ActorRef<String> target =
        kit.spawn(Behaviors.receiveMessage(m -> Behaviors.stopped()), "target");
    ActorRef<String> watcher =
        kit.spawn(
            Behaviors.<String>setup(
                ctx -> {
                  ctx.watch(target);
                  return Behaviors.receive(String.class)
                      .onMessage(
                          String.class,
                          (c, m) -> {
                            c.unwatch(target);
                            probe.ref().tell("unwatched");
                            return Behaviors.same();
                          })
                      .onSignal(
                          Terminated.class,
                          (c, t) -> {
                            probe.ref().tell("terminated");
                            return Behaviors.same();
                          })
                      .build();
                }));
    watcher.tell("unwatch now");
    probe.expectMessage("unwatched");
    target.tell("stop");
    kit.createTestProbe().expectTerminated(target);
    probe.expectNoMessage();
  }

  @Test
  void unhandledTerminatedKillsTheWatcher() {
    ActorRef<String> target = kit.spawn(stopOnAnyMessage(), "target");
    ActorRef<String> watcher =
        kit.spawn(
            Behaviors.<String>setup(
                ctx -> {
                  ctx.watch(target);
                  return Behaviors.ignore();
                }));
    target.tell("stop");
    kit.createTestProbe().expectTerminated(watcher);
  }

  @Test
  void childrenStopBeforeTheirParentSeesPostStop() {
    TestProbe<String> order = kit.createTestProbe();
    Behavior<String> child =
        Behaviors.setup(
            ctx ->
                Behaviors.receive(String.class)
                    .onSignal(
                        PostStop.class,
                        (c, s) -> {
                          order.ref().tell("child stopped");
                          return Behaviors.same();
                        })
                    .build());
    ActorRef<String> parent =
        kit.spawn(
            Behaviors.<String>setup(
                ctx -> {
                  ctx.spawn(child, "child");
                  return Behaviors.receive(String.class)
                      .onMessage(String.class, (c, m) -> Behaviors.stopped())
                      .onSignal(
                          PostStop.class,
                          (c, s) -> {
                            order.ref().tell("parent stopped");
                            return Behaviors.same();
                          })
                      .build();
                }));
    order.expectNoMessage();
    parent.tell("stop");
    assertEquals(List.of("child stopped", "parent stopped"), order.receiveMessages(2));
  }

  @Test
  void parentCanStopItsChild() {
    TestProbe<ActorRef<String>> children = kit.createTestProbe();
    ActorRef<String> parent =
        kit.spawn(
            Behaviors.<String>setup(
                ctx -> {
                  ActorRef<String> c = ctx.spawn(Behaviors.ignore(), "kid");
                  children.ref().tell(c);
                  return Behaviors.receiveMessage(
                      m -> {
                        ctx.stop(c);
                        return Behaviors.same();
                      });
                }));
    ActorRef<String> kid = children.receiveMessage();
    parent.tell("stop the kid");
    kit.createTestProbe().expectTerminated(kid);
  }

  @Test
  void stoppingSomeoneElsesActorIsRefused() {
    TestProbe<String> errors = kit.createTestProbe();
    ActorRef<String> stranger = kit.spawn(Behaviors.ignore(), "stranger");
    ActorRef<String> a =
        kit.spawn(
            Behaviors.receive(String.class)
                .onMessage(
                    String.class,
                    (ctx, m) -> {
                      try {
                        ctx.stop(stranger);
                      } catch (IllegalArgumentException e) {
                        errors.ref().tell(e.getMessage());
                      }
                      return Behaviors.same();
                    })
                .build());
    a.tell("go");
    String message = errors.receiveMessage();
    assertEquals(true, message.contains("is not a child of"), message);
  }
}
