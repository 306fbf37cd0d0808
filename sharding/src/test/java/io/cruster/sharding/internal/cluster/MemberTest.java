package io.cruster.sharding.internal.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runner identities and the registration encoding. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MemberTest {

  @Test
  void registrationRoundTripsAndReadsAsDocumented() {
    Member member =
        new Member(new RunnerId("10.0.0.7:7000", "3f1c-0c8e", 2), Set.of("orders", "default"));
    assertEquals(
        "v=1\naddress=10.0.0.7%3A7000\nincarnation=3f1c-0c8e\nweight=2\ngroups=default,orders\n",
        member.encode());
    assertEquals(member, Member.decode(member.encode()));
  }

  @Test
  void groupNamesWithCommasAndNonAsciiSurvive() {
    Member member =
        new Member(new RunnerId("[::1]:7000", "x", 0), Set.of("a,b", "ordres-é", "c=d"));
    assertEquals(member, Member.decode(member.encode()));
    Member none = new Member(new RunnerId("host:1", "x", 1), Set.of());
    assertEquals(none, Member.decode(none.encode()));
  }

  @Test
  void unknownLinesAreIgnoredAndAMissingLineIsNamed() {
    Member decoded =
        Member.decode("v=1\naddress=h:1\nincarnation=i\nweight=1\ngroups=g\nzone=eu-1\n");
    assertTrue(decoded.serves("g"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Member.decode("v=1\naddress=h:1\nweight=1\ngroups=g\n"));
    assertTrue(e.getMessage().contains("incarnation"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Member.decode("v=2\naddress=h:1\n"));
  }

  @Test
  void runnerIdRejectsBadAddressesAndNegativeWeights() {
    for (String bad :
        new String[] {"host", ":7000", "host:0", "host:70000", "a/b:1", "a b:1", "host:x"}) {
      assertThrows(IllegalArgumentException.class, () -> new RunnerId(bad, "i", 1), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> new RunnerId("h:1", "i", -1));
    assertThrows(IllegalArgumentException.class, () -> new RunnerId("h:1", "a/b", 1));
  }

  @Test
  void eachStartGetsAFreshIncarnation() {
    RunnerId first = RunnerId.create("10.0.0.7:7000", 1);
    RunnerId second = RunnerId.create("10.0.0.7:7000", 1);
    assertNotEquals(first.incarnation(), second.incarnation());
    assertEquals("10.0.0.7:7000/" + first.incarnation(), first.lockValue());
  }
}
