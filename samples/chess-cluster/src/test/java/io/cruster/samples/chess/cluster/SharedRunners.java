package io.cruster.samples.chess.cluster;

import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives the multi-process test classes one {@link ChessRunners} of three runners, started on first
 * use and closed (killed, database dropped) when the test run ends: starting runner JVMs is the
 * slow part of these tests, so the classes share them. A test that kills a runner leaves the others
 * running for the next.
 */
final class SharedRunners implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedRunners.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ChessRunners.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("runners", key -> start(), ChessRunners.class);
  }

  private static ChessRunners start() {
    ChessRunners runners = new ChessRunners();
    try {
      runners.start(3);
      runners.awaitSettled(Duration.ofSeconds(90));
      return runners;
    } catch (RuntimeException | Error e) {
      runners.close();
      throw e;
    }
  }
}
