package io.cruster.admin;

import io.cruster.admin.internal.cli.Commands;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The {@code cruster} command line over a console's API ({@code scripts/cruster} runs it): {@code
 * status}, {@code workflows list|show|cancel|retry|restart|export}, {@code dead-letters
 * list|redrive}, {@code entities show TYPE ID}, {@code schedules}; each takes {@code --url} ({@code
 * CRUSTER_URL}), {@code --token} ({@code CRUSTER_TOKEN}) and {@code --json}. Exit codes: 0 done, 1
 * the API refused, 2 bad usage, 3 no console reachable.
 */
public final class CrusterCli {
  private CrusterCli() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(
        run(
            args,
            new PrintWriter(System.out, true, StandardCharsets.UTF_8),
            new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command line with these arguments and streams; returns the exit code. Blocks. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return Commands.commandLine(out, err).execute(args);
  }
}
