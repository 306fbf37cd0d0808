package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.cruster.actors.SerializationException;
import io.cruster.actors.TypeRegistry;
import io.cruster.actors.spi.Serializer;
import java.util.Objects;

/**
 * The default {@link Serializer}: Kryo, restricted to one {@link TypeRegistry}.
 *
 * <p>Byte layout (format version 1):
 *
 * <pre>
 *   byte    magic 0xC7
 *   byte    format version (1)
 *   int32   stable type id of the value (FNV-1a 32 of its stable name; 0 = null), little-endian
 *   ...     the value, as its type's serializer writes it; nested values again as type id + value
 * </pre>
 *
 * Records are written component by component, each named by an id and length-prefixed (see {@code
 * RecordSerializer}), enums by constant name, collections as size + elements. No class name and no
 * registration-order number is ever written. A reader accepts bytes of its format version or older
 * and refuses a newer one; all bytes must be consumed.
 *
 * <p>Kryo instances are not thread-safe: each call borrows a Kryo with its Output and Input buffers
 * from a lock-free array of slots and returns it (no ThreadLocal, which would mean one Kryo per
 * virtual thread; no lock, which every call of every thread would contend on); the pool keeps at
 * most {@code 4 x cores} idle Kryos and creates more under load. Thread-safe.
 */
public final class KryoSerializer implements Serializer {
  /** First byte of every payload. */
  public static final byte MAGIC = (byte) 0xC7;

  /** The layout version this serializer writes, and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final int HEADER = 2;
  private static final int INITIAL_BUFFER = 256;
  private static final int MAX_RETAINED_BUFFER = 64 * 1024;
  private static final byte[] NO_BYTES = new byte[0];

  private final ContextPool pool;

  /** Kryo with its reusable buffers; used by one thread at a time. */
  private record Context(Kryo kryo, Output output, BoundedInput input) {}

  /**
   * A serializer for the classes of {@code registry}. Resolves record reflection now.
   *
   * @throws IllegalArgumentException if a registered record cannot be reflected on
   */
  public KryoSerializer(TypeRegistry registry) {
    KryoPlan plan = new KryoPlan(Objects.requireNonNull(registry, "registry"));
    int retained = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    this.pool =
        new ContextPool(
            retained,
            () -> new Context(plan.newKryo(), new Output(INITIAL_BUFFER, -1), new BoundedInput()));
    pool.free(pool.obtain()); // fail now, not at the first message, if setup is broken
  }

  @Override
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  @Override
  public byte[] toBytes(Object value) {
    Context context = pool.obtain();
    try {
      Output output = context.output();
      output.reset();
      output.writeByte(MAGIC);
      output.writeByte(FORMAT_VERSION);
      context.kryo().writeClassAndObject(output, value);
      return output.toBytes();
    } catch (RuntimeException | StackOverflowError e) {
      throw Failures.translate("cannot write " + describe(value), e, false);
    } finally {
      release(context);
    }
  }

  @Override
  public Object fromBytes(byte[] bytes) {
    return read(bytes, "a value");
  }

  @Override
  public <T> T fromBytes(byte[] bytes, Class<T> expected) {
    Objects.requireNonNull(expected, "expected");
    Object value = read(bytes, expected.getName());
    if (value != null && !RecordModel.box(expected).isInstance(value)) {
      throw new SerializationException(
          "expected a "
              + expected.getName()
              + " but the bytes hold a "
              + value.getClass().getName());
    }
    @SuppressWarnings("unchecked")
    T typed = (T) value;
    return typed;
  }

  private Object read(byte[] bytes, String what) {
    Objects.requireNonNull(bytes, "bytes");
    checkHeader(bytes, what);
    Context context = pool.obtain();
    try {
      BoundedInput input = context.input();
      input.setBuffer(bytes, HEADER, bytes.length - HEADER);
      Object value = context.kryo().readClassAndObject(input);
      if (input.position() != bytes.length) {
        throw new SerializationException(
            "malformed bytes: "
                + (bytes.length - input.position())
                + " trailing bytes after the value");
      }
      return value;
    } catch (RuntimeException | StackOverflowError e) {
      throw Failures.translate("cannot read " + what, e, true);
    } finally {
      context.input().setBuffer(NO_BYTES);
      release(context);
    }
  }

  private static void checkHeader(byte[] bytes, String what) {
    if (bytes.length <= HEADER) {
      throw new SerializationException(
          "cannot read "
              + what
              + ": "
              + bytes.length
              + " bytes are too few to hold a Cruster payload (truncated or empty)");
    }
    if (bytes[0] != MAGIC) {
      throw new SerializationException(
          String.format(
              "cannot read %s: not Cruster serialized bytes (magic byte 0x%02x, expected 0x%02x)",
              what, bytes[0] & 0xFF, MAGIC & 0xFF));
    }
    int version = bytes[1] & 0xFF;
    if (version > FORMAT_VERSION) {
      throw new SerializationException(
          "cannot read "
              + what
              + ": the bytes were written in format"
              + " version "
              + version
              + ", newer than this reader's "
              + FORMAT_VERSION
              + " (upgrade this node)");
    }
    if (version < 1) {
      throw new SerializationException(
          "cannot read " + what + ": unknown format version " + version);
    }
  }

  private void release(Context context) {
    context.kryo().reset(); // also after a failure midway, so the next user starts clean
    if (context.output().getBuffer().length > MAX_RETAINED_BUFFER) {
      context.output().setBuffer(new byte[INITIAL_BUFFER], -1);
    }
    pool.free(context);
  }

  /**
   * Idle contexts in an array of slots: {@code obtain} takes the first full slot found from a start
   * that depends on the thread (so threads mostly touch different slots), {@code free} puts a
   * context in the first empty one, or drops it when all are full. Each is a few CAS-free reads and
   * one atomic swap; nothing is allocated.
   */
  private static final class ContextPool {
    private final java.util.concurrent.atomic.AtomicReferenceArray<Context> slots;
    private final java.util.function.Supplier<Context> create;

    ContextPool(int size, java.util.function.Supplier<Context> create) {
      this.slots = new java.util.concurrent.atomic.AtomicReferenceArray<>(size);
      this.create = create;
    }

    Context obtain() {
      int n = slots.length();
      int start = (int) (Thread.currentThread().threadId() % n);
      for (int i = 0; i < n; i++) {
        int slot = (start + i) % n;
        if (slots.getPlain(slot) != null) {
          Context c = slots.getAndSet(slot, null);
          if (c != null) {
            return c;
          }
        }
      }
      return create.get();
    }

    void free(Context context) {
      int n = slots.length();
      int start = (int) (Thread.currentThread().threadId() % n);
      for (int i = 0; i < n; i++) {
        int slot = (start + i) % n;
        if (slots.getPlain(slot) == null && slots.compareAndSet(slot, null, context)) {
          return;
        }
      }
    }
  }

  private static String describe(Object value) {
    return value == null ? "null" : "a " + value.getClass().getName();
  }
}
