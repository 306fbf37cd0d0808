package io.cruster.sharding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesAndReadsNestedValues() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("s", "a\"b\\c\n\t\u0001é");
    doc.put("n", 42L);
    doc.put("neg", -7L);
    doc.put("t", true);
    doc.put("nothing", null);
    doc.put("list", List.of(1L, "two", Map.of("three", false)));

    String text = Json.write(doc);

    assertEquals(doc, Json.read(text));
    assertEquals(3.5, Json.read(" 3.5 "));
    assertEquals("\u00e9", Json.read("\"\\u00e9\""));
  }

  @Test
  void refusesMalformedText() {
    for (String bad :
        List.of(
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "\"open",
            "tru",
            "1 2",
            "{\"a\":1,\"a\":2}",
            "\"bad \\x escape\"",
            "-",
            "\"\u0001\"")) {
      assertThrows(IllegalArgumentException.class, () -> Json.read(bad), bad);
    }
  }
}
