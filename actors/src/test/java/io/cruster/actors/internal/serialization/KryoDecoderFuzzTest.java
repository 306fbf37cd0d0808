package io.cruster.actors.internal.serialization;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cruster.actors.SerializationException;
import io.cruster.actors.TypeRegistry;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Hostile bytes for the Kryo record decoder, as stored state, requests, replies and wire payloads
 * reach it: every input either decodes or fails with {@link SerializationException}, never another
 * exception, and never allocates more than a bounded multiple of its own size (a forged length must
 * not make the reader allocate for it). Hangs are caught by the fuzzer's per-input timeout.
 *
 * <p>Regression inputs and seeds live in {@code KryoDecoderFuzzTestInputs/<method>/}; {@code
 * scripts/fuzz} fuzzes each method for a bounded time.
 */
class KryoDecoderFuzzTest {
  /** A fixed allowance (the pool's buffers, Kryo's own state) plus this much per input byte. */
  static final long ALLOCATION_BASE = 4L << 20;

  static final long ALLOCATION_PER_BYTE = 512;

  enum Colour {
    RED,
    GREEN
  }

  record Item(String sku, int quantity, BigDecimal price) {}

  /** Like an entity's state: most kinds of component an application uses. */
  record State(
      String name,
      int count,
      long big,
      double ratio,
      boolean flag,
      Colour colour,
      List<String> tags,
      Map<String, Integer> scores,
      Set<Long> ids,
      Optional<String> note,
      Instant at,
      Duration timeout,
      LocalDate day,
      ZonedDateTime zoned,
      UUID uuid,
      BigInteger huge,
      byte[] blob,
      int[] numbers,
      List<Item> items,
      TreeMap<String, Item> bySku,
      Object any,
      State parent) {}

  /** Like messages and replies. */
  sealed interface Command permits Add, Remove {}

  record Add(Item item, Optional<Instant> deliverAt) implements Command {}

  record Remove(String sku, List<Command> undo) implements Command {}

  record Reply(boolean ok, Optional<String> reason, Object value) {}

  static final TypeRegistry REGISTRY =
      TypeRegistry.builder()
          .register(State.class)
          .register(Add.class)
          .register(Remove.class)
          .register(Reply.class)
          .register(Colour.class)
          .build();

  static final KryoSerializer SERIALIZER = new KryoSerializer(REGISTRY);

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @FuzzTest(maxDuration = "30s")
  void anyBytesDecodeAsStoredStateOrFailWithSerializationException(byte[] data) {
    decode(data, State.class);
  }

  @FuzzTest(maxDuration = "30s")
  void headedBytesDecodeAsAnyRegisteredValueOrFailWithSerializationException(byte[] data) {
    // The header right, so that the fuzzer spends its time on the body.
    byte[] headed = new byte[data.length + 2];
    headed[0] = KryoSerializer.MAGIC;
    headed[1] = KryoSerializer.FORMAT_VERSION;
    System.arraycopy(data, 0, headed, 2, data.length);
    decode(headed, null);
  }

  private static void decode(byte[] data, Class<?> expected) {
    long thread = Thread.currentThread().threadId();
    long before = THREADS.getThreadAllocatedBytes(thread);
    try {
      if (expected == null) {
        SERIALIZER.fromBytes(data);
      } else {
        SERIALIZER.fromBytes(data, expected);
      }
    } catch (SerializationException expectedFailure) {
      // the documented failure
    }
    long allocated = THREADS.getThreadAllocatedBytes(thread) - before;
    long limit = ALLOCATION_BASE + ALLOCATION_PER_BYTE * data.length;
    assertTrue(
        allocated <= limit,
        "decoding " + data.length + " bytes allocated " + allocated + " bytes, over " + limit);
  }
}
