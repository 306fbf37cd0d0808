/**
 * Typed actors on virtual threads, the serialization SPI with its Kryo default, and the values and
 * exceptions every other Cruster module shares ({@code EntityAddress}, {@code ShardId}, {@code
 * CrusterException}, {@code ConfigException}).
 */
module io.cruster.actors {
  requires transitive org.slf4j;
  requires com.esotericsoftware.kryo;

  exports io.cruster.actors;
  exports io.cruster.actors.spi;
  exports io.cruster.actors.internal to
      io.cruster.remoting,
      io.cruster.sharding;
}
