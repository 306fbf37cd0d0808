package io.cruster.benchmarks.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerMainTest {
  @Test
  void parsesTheWorkloadTheResultFileAndThePeersOwnArguments() {
    PeerMain.Options o =
        PeerMain.parse(
            new String[] {
              "--workload=step", "--result=/tmp/x", "--quick", "--db=jdbc:postgresql://h/d?user=u"
            });

    assertEquals("step", o.workload());
    assertEquals(Path.of("/tmp/x"), o.result());
    assertTrue(o.quick());
    assertEquals(Optional.of("jdbc:postgresql://h/d?user=u"), o.get("db"));
  }

  @Test
  void aMissingWorkloadIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> PeerMain.parse(new String[] {"--result=x"}));
  }

  @Test
  void anArgumentThatIsNoOptionIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PeerMain.parse(new String[] {"--workload=step", "--result=x", "stray"}));
    assertTrue(e.getMessage().contains("stray"));
  }

  @Test
  void aMissingPeerArgumentIsNamedWhenRequired() {
    PeerMain.Options o = PeerMain.parse(new String[] {"--workload=step", "--result=x"});

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> o.require("db"));
    assertTrue(e.getMessage().contains("--db="));
  }
}
