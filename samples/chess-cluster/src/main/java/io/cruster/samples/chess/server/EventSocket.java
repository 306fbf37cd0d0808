package io.cruster.samples.chess.server;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket that forwards an entity's stream rpc to the browser: a virtual thread (the pump)
 * subscribes, sends each chunk as a JSON text frame, and subscribes again when a stream ends or
 * fails (a stream lasts a while; a runner may die), until the socket closes. A listener instance
 * per connection. Sends are serialised by a lock: the pump and Helidon's connection thread may both
 * send.
 */
abstract class EventSocket implements WsListener {
  private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);
  private final ReentrantLock sending = new ReentrantLock();
  private final ChessMetrics metrics;
  private volatile boolean open;
  private volatile Thread pump;

  /** The request path and query, kept from the upgrade. */
  protected volatile HttpPrologue prologue;

  EventSocket(ChessMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
    this.prologue = prologue;
    return Optional.empty();
  }

  @Override
  public void onOpen(WsSession session) {
    open = true;
    metrics.socketOpened();
    pump =
        Thread.ofVirtual()
            .name("ws-pump")
            .start(
                () -> {
                  try {
                    pump(session);
                  } catch (ApiException e) {
                    send(session, Json.write(Json.error(e.code(), e.getMessage())));
                    session.close(WsCloseCodes.VIOLATED_POLICY, e.code());
                  } catch (RuntimeException e) {
                    if (open) {
                      LOG.warn(
                          "event socket {} failed: {}", prologue.uriPath().path(), e.toString());
                      session.close(WsCloseCodes.UNEXPECTED_CONDITION, "server error");
                    }
                  }
                });
  }

  @Override
  public void onClose(WsSession session, int status, String reason) {
    stop();
  }

  @Override
  public void onError(WsSession session, Throwable t) {
    stop();
  }

  private void stop() {
    if (open) {
      open = false;
      metrics.socketClosed();
      Thread p = pump;
      if (p != null) {
        p.interrupt();
      }
      closed();
    }
  }

  /** Whether the socket is still open. */
  boolean isOpen() {
    return open;
  }

  /** Sends one text frame; false once the socket is closed. */
  boolean send(WsSession session, String text) {
    sending.lock();
    try {
      if (!open) {
        return false;
      }
      session.send(text, true);
      return true;
    } catch (RuntimeException e) {
      return false;
    } finally {
      sending.unlock();
    }
  }

  /** The path segment before the last one ({@code /api/v1/games/{id}/watch}: the id). */
  String idFromPath() {
    String[] parts = prologue.uriPath().path().split("/");
    return Json.id(parts[parts.length - 2], "id");
  }

  /** Runs on the pump thread until the socket closes (or the stream has nothing more to say). */
  abstract void pump(WsSession session);

  /** Called once when the socket closes. */
  void closed() {}
}
