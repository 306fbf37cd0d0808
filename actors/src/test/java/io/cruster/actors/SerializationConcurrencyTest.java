package io.cruster.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cruster.actors.spi.Serializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SerializationConcurrencyTest {
  record Item(String name, int quantity) {}

  record Cart(long id, List<Item> items, Map<String, Integer> counts, Instant at) {}

  private final Serializer serializer =
      Serialization.kryo(TypeRegistry.builder().register(Cart.class).build());

  private static Cart cart(int task, int round) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 1 + (task + round) % 7; i++) {
      items.add(new Item("item-" + task + "-" + i, round));
    }
    return new Cart(
        task * 1_000L + round,
        items,
        Map.of("t" + task, round),
        Instant.ofEpochSecond(task, round));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void manyVirtualThreadsSerializingAtOnceGetTheirOwnValuesBack() throws Exception {
    int tasks = 2_000;
    int rounds = 50;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < tasks; t++) {
        int task = t;
        futures.add(
            executor.submit(
                () -> {
                  for (int round = 0; round < rounds; round++) {
                    Cart cart = cart(task, round);
                    byte[] bytes = serializer.toBytes(cart);
                    if (round % 10 == 0) {
                      Thread.yield(); // interleave with other virtual threads mid-stream
                    }
                    assertEquals(cart, serializer.fromBytes(bytes, Cart.class));
                  }
                  return task;
                }));
      }
      for (int t = 0; t < tasks; t++) {
        assertEquals(t, futures.get(t).get(60, TimeUnit.SECONDS));
      }
    }
  }
}
