package io.cruster.remoting.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProtocolTest {

  @Test
  void aStatusIsDescribedOnOneLineWithoutItsCausesStackTrace() {
    Status lost =
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(
                new IOException(
                    "finishConnect(..) failed: Connection refused\n\tat some.Frame(Frame.java:1)"));
    assertEquals(
        "UNAVAILABLE: io exception (IOException: finishConnect(..) failed: Connection refused)",
        Protocol.describe(lost));
    assertEquals("CANCELLED", Protocol.describe(Status.CANCELLED));
  }
}
