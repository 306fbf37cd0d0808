package io.cruster.benchmarks.peer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The two phases of the recovery workload of {@link PeerMain}, each in a process of its own: {@link
 * #load} closes the {@link Probe}'s gate, starts the flows (each stops after its first step), says
 * {@value PeerMain#LOADED} once every start is durable and waits for its {@code kill -9}; {@link
 * #run} opens the framework again, which recovers the unfinished flows, and waits until all have
 * finished, reporting the wall-clock time of that moment ({@code finished-epoch-ms}) for the
 * harness, which knows when it restarted the framework.
 */
final class Recovery {
  private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(10);

  private Recovery() {}

  static List<Sample> load(PeerMain main) throws Exception {
    Probe.closeGate();
    int flows = Integer.parseInt(main.options.require("flows"));
    DurableApp app = main.open(); // never closed: the harness kills this process
    long start = System.nanoTime();
    Callers.run(
        PeerMain.CLIENTS,
        flows,
        (caller, seq) -> app.startFlow("rec-" + seq, PeerMain.THROUGHPUT_STEPS),
        main.name + " starting flows");
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.err.printf(Locale.ROOT, "%s: %,d flows started in %d ms%n", main.name, flows, millis);
    System.out.println(PeerMain.LOADED + " flows=" + flows + " millis=" + millis);
    System.out.flush();
    while (true) {
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // until kill -9
    }
  }

  static List<Sample> run(PeerMain main) throws Exception {
    int flows = Integer.parseInt(main.options.require("flows"));
    DurableApp app = main.open();
    main.values.put("ready-epoch-ms", (double) System.currentTimeMillis());
    long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
    int last = -1;
    long lastReport = System.nanoTime();
    while (Probe.finishedCount() < flows) {
      if (System.nanoTime() > deadline) {
        throw new ScenarioFailedException(
            main.name
                + ": "
                + Probe.finishedCount()
                + " of "
                + flows
                + " flows finished within "
                + RECOVERY_LIMIT.toMinutes()
                + " min of the restart");
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L && Probe.finishedCount() != last) {
        last = Probe.finishedCount();
        lastReport = System.nanoTime();
        System.err.printf(Locale.ROOT, "%s: %,d of %,d flows finished%n", main.name, last, flows);
      }
      LockSupport.parkNanos(1_000_000);
    }
    main.values.put("finished-epoch-ms", (double) System.currentTimeMillis());
    main.values.put("finished", (double) Probe.finishedCount());
    app.close();
    return List.of();
  }
}
