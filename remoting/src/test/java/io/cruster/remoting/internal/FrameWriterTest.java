package io.cruster.remoting.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.Frame;
import io.grpc.stub.CallStreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FrameWriterTest {
  private static final long BUDGET = 100;

  /** A stream whose readiness the test controls. */
  private static final class FakeStream extends CallStreamObserver<Frame> {
    final List<Frame> written = new CopyOnWriteArrayList<>();
    final AtomicInteger completed = new AtomicInteger();
    volatile boolean ready;
    volatile Runnable onReady = () -> {};

    void becomeReady() {
      ready = true;
      onReady.run();
    }

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      onReady = handler;
    }

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(Frame value) {
      written.add(value);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {
      completed.incrementAndGet();
    }
  }

  private final FakeStream stream = new FakeStream();
  private final AtomicInteger rooms = new AtomicInteger();
  private final FrameWriter writer =
      new FrameWriter(stream, BUDGET, rooms::incrementAndGet, "test");

  {
    stream.setOnReadyHandler(writer::onReady);
  }

  private static Frame sized(int bytes) {
    return Frames.success(1, new byte[bytes]);
  }

  private void fill() {
    while (writer.hasRoom()) {
      assertTrue(writer.tryOffer(sized(40)));
    }
  }

  @Test
  void framesWaitUntilTheStreamIsReadyAndKeepTheirOrder() {
    for (int i = 0; i < 3; i++) {
      assertTrue(writer.tryOffer(Frames.ping(i)));
    }
    assertEquals(0, stream.written.size());
    stream.becomeReady();
    assertEquals(List.of(Frames.ping(0), Frames.ping(1), Frames.ping(2)), stream.written);
  }

  @Test
  void aFullBufferRefusesTryOfferAndTimesOutABlockingSender() {
    fill();
    assertFalse(writer.tryOffer(sized(1)));
    long start = System.nanoTime();
    RemoteException e =
        assertThrows(
            RemoteException.class,
            () -> writer.offer(sized(1), TimeUnit.MILLISECONDS.toNanos(100)));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
    assertEquals(Kind.UNAVAILABLE, e.kind());
    assertTrue(e.isRetryable());
  }

  @Test
  void aWaitingSenderGoesOnWhenTheStreamDrains() throws InterruptedException {
    fill();
    int queued = (int) (BUDGET / 40) + 1;
    Thread sender =
        Thread.ofVirtual().start(() -> writer.offer(Frames.ping(99), TimeUnit.SECONDS.toNanos(10)));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sender.getState() == Thread.State.TIMED_WAITING);
    stream.becomeReady();
    sender.join(5_000);
    assertFalse(sender.isAlive());
    assertEquals(queued + 1, stream.written.size());
    assertEquals(Frames.ping(99), stream.written.get(queued));
    assertTrue(rooms.get() > 0, "the owner was told there is room again");
  }

  @Test
  void theIoThreadNeverWaitsForRoom() {
    fill();
    writer.ioThread(Thread.currentThread());
    long start = System.nanoTime();
    writer.offer(sized(1), TimeUnit.SECONDS.toNanos(10));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
    assertTrue(writer.onIoThread());
  }

  @Test
  void controlFramesSkipTheBudget() {
    fill();
    writer.offerControl(Frames.ack(1, 1));
    stream.becomeReady();
    assertEquals(Frames.ack(1, 1), stream.written.getLast());
  }

  @Test
  void closeFlushesThenRunsTheLastActionOnceAndRefusesMore() {
    assertTrue(writer.tryOffer(Frames.ping(1)));
    writer.close(CallStreamObserver::onCompleted, true);
    writer.close(CallStreamObserver::onCompleted, true);
    assertEquals(List.of(Frames.ping(1)), stream.written);
    assertEquals(1, stream.completed.get());
    assertFalse(writer.tryOffer(Frames.ping(2)));
    writer.offerControl(Frames.ping(3));
    assertThrows(RemoteException.class, () -> writer.offer(Frames.ping(4), 0));
    stream.becomeReady();
    assertEquals(1, stream.written.size());
  }

  @Test
  void closeWithoutFlushDropsWhatIsQueued() {
    assertTrue(writer.tryOffer(Frames.ping(1)));
    writer.close(CallStreamObserver::onCompleted, false);
    stream.becomeReady();
    assertEquals(0, stream.written.size());
    assertEquals(1, stream.completed.get());
  }
}
