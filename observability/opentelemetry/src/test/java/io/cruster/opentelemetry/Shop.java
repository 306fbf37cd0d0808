package io.cruster.opentelemetry;

import io.cruster.sharding.Activity;
import io.cruster.sharding.EntityType;
import io.cruster.sharding.Public;
import io.cruster.sharding.Rpc;
import io.cruster.sharding.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An order whose workflow validates itself and takes goods from a stock entity. */
final class Shop {
  static final Logger LOG = LoggerFactory.getLogger("shop");

  record Count(int n) {}

  static final class Order {
    record Place(String stockId, int amount) implements Workflow<Integer> {}

    record PlaceLater(String stockId, int amount) implements Workflow<Integer> {}

    record Validate(int amount) implements Activity<Integer> {}

    static final EntityType<Count> TYPE =
        EntityType.define("Order", Count.class)
            .init(ctx -> new Count(0))
            .activity(
                Validate.class,
                (ctx, m) -> {
                  LOG.info("validating {}", m.amount());
                  ctx.setState(new Count(m.amount()));
                  return m.amount();
                })
            .workflow(
                Place.class,
                (ctx, m) -> {
                  int amount = ctx.run(new Validate(m.amount()));
                  return ctx.client(Stock.TYPE).call(m.stockId(), new Stock.Take(amount));
                })
            .workflow(
                PlaceLater.class,
                (ctx, m) -> {
                  ctx.sleep(java.time.Duration.ofHours(1));
                  return ctx.client(Stock.TYPE).call(m.stockId(), new Stock.Take(m.amount()));
                })
            .build();
  }

  static final class Stock {
    @Public
    record Take(int amount) implements Activity<Integer> {}

    record Left() implements Rpc<Integer> {}

    static final EntityType<Count> TYPE =
        EntityType.define("Stock", Count.class)
            .init(ctx -> new Count(100))
            .activity(
                Take.class,
                (ctx, m) -> {
                  LOG.info("taking {}", m.amount());
                  ctx.setState(new Count(ctx.state().n() - m.amount()));
                  return ctx.state().n();
                })
            .rpc(Left.class, (ctx, m) -> ctx.state().n())
            .build();
  }

  private Shop() {}
}
