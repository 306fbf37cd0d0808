package io.cruster.actors;

import static io.cruster.actors.TypeRegistryTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cruster.actors.spi.Serializer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerializationSafetyTest {
  static final AtomicInteger SECRETS_CREATED = new AtomicInteger();

  record Secret(String payload) {
    Secret {
      SECRETS_CREATED.incrementAndGet();
    }
  }

  record Envelope(String label, Object body) {}

  record Node(Node next) {}

  record Box(List<Object> items) {}

  static final class Unregistered {}

  private final Serializer writer =
      Serialization.kryo(
          TypeRegistry.builder()
              .register(Envelope.class)
              .register(Secret.class)
              .register(Node.class)
              .register(Box.class)
              .build());
  private final Serializer reader =
      Serialization.kryo(TypeRegistry.builder().register(Envelope.class).build());

  @Test
  void unregisteredClassIsRefusedOnWriteNamingIt() {
    SerializationException e =
        assertThrows(SerializationException.class, () -> reader.toBytes(new Secret("x")));
    assertMentions(e, Secret.class.getName(), "TypeRegistry.builder().register(");
  }

  @Test
  void unregisteredNestedValueIsRefusedOnWriteNamingIt() {
    SerializationException e =
        assertThrows(
            SerializationException.class,
            () -> writer.toBytes(new Envelope("x", new Unregistered())));
    assertMentions(e, Unregistered.class.getName(), Envelope.class.getName(), "not registered");
    SerializationException inList =
        assertThrows(
            SerializationException.class,
            () -> writer.toBytes(new Box(List.of(new StringBuilder("sb")))));
    assertMentions(inList, "java.lang.StringBuilder");
  }

  @Test
  void bytesNamingAnUnregisteredTypeAreRefusedWithoutCreatingIt() {
    byte[] bytes = writer.toBytes(new Envelope("label", new Secret("do not create")));
    int before = SECRETS_CREATED.get();
    SerializationException e =
        assertThrows(SerializationException.class, () -> reader.fromBytes(bytes, Envelope.class));
    String id = String.format("0x%08x", TypeRegistry.idOf(Secret.class.getName()));
    assertMentions(e, id, "not registered", Envelope.class.getName());
    assertEquals(before, SECRETS_CREATED.get());
  }

  @Test
  void handMadeBytesNamingAJdkGadgetClassAreRefusedByItsId() throws IOException {
    int id = TypeRegistry.idOf("java.lang.ProcessBuilder");
    byte[] bytes = payload(out -> out.writeInt(Integer.reverseBytes(id)));
    SerializationException e =
        assertThrows(SerializationException.class, () -> reader.fromBytes(bytes));
    assertMentions(e, String.format("0x%08x", id), "not registered");
  }

  @Test
  void emptyAndHeaderOnlyBytesAreRefused() {
    for (byte[] bytes :
        List.of(new byte[0], new byte[] {(byte) 0xC7}, new byte[] {(byte) 0xC7, 1})) {
      SerializationException e =
          assertThrows(SerializationException.class, () -> reader.fromBytes(bytes, Envelope.class));
      assertMentions(e, Envelope.class.getName(), "truncated");
    }
  }

  @Test
  void wrongMagicIsRefused() {
    byte[] bytes = reader.toBytes("text");
    bytes[0] = 0x42;
    assertMentions(
        assertThrows(SerializationException.class, () -> reader.fromBytes(bytes)), "magic", "0x42");
  }

  @Test
  void newerFormatVersionIsRefused() {
    byte[] bytes = reader.toBytes("text");
    bytes[1] = 2;
    assertMentions(
        assertThrows(SerializationException.class, () -> reader.fromBytes(bytes)),
        "format version 2",
        "newer");
    bytes[1] = 0;
    assertMentions(
        assertThrows(SerializationException.class, () -> reader.fromBytes(bytes)),
        "unknown format version 0");
  }

  @Test
  void everyTruncationOfValidBytesIsASerializationException() {
    byte[] bytes =
        writer.toBytes(
            new Envelope(
                "label",
                new Box(List.of(1, "two", List.of(3.0), new Node(new Node(null)), new int[] {4}))));
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThrows(
          SerializationException.class,
          () -> writer.fromBytes(truncated),
          "truncated to " + length);
    }
  }

  @Test
  void corruptBytesNeverEscapeAsAnotherException() {
    byte[] bytes =
        writer.toBytes(
            new Envelope(
                "label",
                new Box(
                    new ArrayList<>(
                        List.of(
                            "a",
                            1L,
                            new Secret("s"),
                            List.of(new int[] {1}),
                            Map.of("k", Optional.of(new byte[] {2})))))));
    Random random = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      byte[] corrupt = bytes.clone();
      if (random.nextBoolean()) {
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          corrupt[2 + random.nextInt(corrupt.length - 2)] = (byte) random.nextInt(256);
        }
      } else { // a forged int32 (length, count or type id), little-endian like Kryo's
        int at = 2 + random.nextInt(corrupt.length - 6);
        int value = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt();
        for (int i = 0; i < 4; i++) {
          corrupt[at + i] = (byte) (value >> (8 * i));
        }
      }
      try {
        writer.fromBytes(corrupt);
      } catch (SerializationException expected) {
        // refused cleanly; a corrupt value that still decodes is fine too
      }
    }
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] bytes = Arrays.copyOf(reader.toBytes("text"), reader.toBytes("text").length + 1);
    assertMentions(
        assertThrows(SerializationException.class, () -> reader.fromBytes(bytes)), "trailing");
  }

  @Test
  void declaredSizeLargerThanTheBytesLeftIsRefusedBeforeAllocating() throws IOException {
    int arrayList = TypeRegistry.idOf("java.util.ArrayList");
    byte[] list =
        payload(
            out -> {
              out.writeInt(Integer.reverseBytes(arrayList));
              out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
            });
    assertMentions(
        assertThrows(SerializationException.class, () -> reader.fromBytes(list)),
        "java.util.ArrayList",
        "declares");
    int byteArray = TypeRegistry.idOf("byte[]");
    byte[] array =
        payload(
            out -> {
              out.writeInt(Integer.reverseBytes(byteArray));
              out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
            });
    assertThrows(SerializationException.class, () -> reader.fromBytes(array));
    int string = TypeRegistry.idOf("java.lang.String");
    byte[] text =
        payload(
            out -> {
              out.writeInt(Integer.reverseBytes(string));
              out.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
            });
    assertThrows(SerializationException.class, () -> reader.fromBytes(text));
  }

  @Test
  void valueOfAnotherTypeThanExpectedIsRefused() {
    byte[] bytes = reader.toBytes("text");
    assertMentions(
        assertThrows(SerializationException.class, () -> reader.fromBytes(bytes, Integer.class)),
        "java.lang.Integer",
        "java.lang.String");
  }

  @Test
  void tooDeeplyNestedValuesAreRefused() {
    Node node = null;
    for (int i = 0; i < 2_000; i++) {
      node = new Node(node);
    }
    Node deep = node;
    assertMentions(
        assertThrows(SerializationException.class, () -> writer.toBytes(deep)), "nested deeper");
  }

  @Test
  void sortedSetWithCustomComparatorIsRefused() {
    TreeSet<String> set = new TreeSet<>(Comparator.reverseOrder());
    set.add("a");
    assertMentions(
        assertThrows(SerializationException.class, () -> reader.toBytes(set)), "comparator");
  }

  @Test
  void serializerStaysUsableAfterFailures() {
    assertThrows(SerializationException.class, () -> reader.toBytes(new Secret("x")));
    assertThrows(SerializationException.class, () -> reader.fromBytes(new byte[] {1, 2, 3}));
    Envelope envelope = new Envelope("ok", List.of(1));
    assertEquals(envelope, reader.fromBytes(reader.toBytes(envelope), Envelope.class));
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  /** Header, then {@code body}; Kryo's int32 is little-endian, hence the reversed ints above. */
  private static byte[] payload(Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(0xC7);
    out.writeByte(1);
    body.write(out);
    out.flush();
    return bytes.toByteArray();
  }
}
