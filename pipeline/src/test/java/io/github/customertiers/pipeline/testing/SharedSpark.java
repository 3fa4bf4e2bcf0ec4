package io.github.customertiers.pipeline.testing;

import io.github.customertiers.pipeline.spark.SparkSessions;
import java.time.ZoneId;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that hands every test the one SparkSession of the test JVM ({@code local[2]},
 * UI off, 4 shuffle partitions, bound to 127.0.0.1, business zone UTC). Tests that need another
 * zone pass it to the code under test; they never stop the shared session.
 *
 * <pre>{@code @ExtendWith(SharedSpark.class) class MyTest { @Test void t(SparkSession spark) {...} } }</pre>
 */
public final class SharedSpark implements BeforeAllCallback, ParameterResolver {

  public static final ZoneId TEST_ZONE = ZoneId.of("UTC");
  private static SparkSession session;

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.forJob("customer-tiers-tests", "local[2]", TEST_ZONE,
          // Delta's extension and catalog, as `tiers run` sets them for publish.delta: true
          SparkSessions.withDelta(Map.of("spark.sql.shuffle.partitions", "4",
              "spark.default.parallelism", "4",
              "spark.sql.adaptive.enabled", "true")));
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    session();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return session();
  }
}
