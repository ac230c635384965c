package io.fusebox.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fusebox.agent.engine.BreakerConfig;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.State;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shop read path against a real H2 database and the external API stand-in on loopback: cache
 * first, the database as a critical dependency, the external API degraded with a fallback.
 */
class ShopServiceTest {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private String databaseUrl;
  private ExternalApiStub stub;
  private LocalProductCache cache;
  private CircuitBreakerRegistry breakers;
  private ShopService shop;

  @BeforeEach
  void startDependencies() throws Exception {
    databaseUrl = "jdbc:h2:mem:shop-test-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    stub = ExternalApiStub.start(0, 0);
    cache = new LocalProductCache();
    BreakerConfig config =
        BreakerConfig.builder()
            .failureThreshold(2)
            .successThreshold(1)
            .recoveryTimeout(Duration.ofMinutes(5))
            .callTimeout(Duration.ofMillis(300))
            .build();
    breakers = CircuitBreakerRegistry.builder().defaultConfig(config).build();
    shop =
        new ShopService(
            breakers,
            cache,
            new ProductDatabase(databaseUrl, 5),
            new RecommendationsClient(URI.create(stub.apiUrl())));
  }

  @AfterEach
  void stopDependencies() {
    stub.close();
  }

  @Test
  void healthyDependenciesServeFullResponse() throws Exception {
    ProductView view = shop.product("p-1").orElseThrow();

    assertThat(view.product().name()).isEqualTo("Product 1");
    assertThat(view.source()).isEqualTo("database");
    assertThat(view.recommendations()).containsExactly("p-2", "p-3", "p-5");
    assertThat(view.degraded()).isFalse();
  }

  @Test
  void secondReadComesFromCache() throws Exception {
    shop.product("p-1");

    ProductView view = shop.product("p-1").orElseThrow();

    assertThat(view.source()).isEqualTo("cache");
  }

  @Test
  void unknownProductIsEmpty() throws Exception {
    assertThat(shop.product("p-999")).isEmpty();
  }

  @Test
  void failingExternalApiDegradesResponse() throws Exception {
    stub.switchTo(ExternalApiStub.Behaviour.FAILING);

    ProductView view = shop.product("p-1").orElseThrow();

    assertThat(view.degraded()).isTrue();
    assertThat(view.recommendations()).isEmpty();
    assertThat(view.product().id()).isEqualTo("p-1");
  }

  @Test
  void hungExternalApiOpensBreaker() throws Exception {
    stub.switchTo(ExternalApiStub.Behaviour.HUNG);

    for (int i = 0; i < 2; i++) {
      assertThat(shop.product("p-1").orElseThrow().degraded()).isTrue();
    }
    // The breaker records a timeout just after the fallback result reaches the caller.
    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> breakers.find(ShopService.EXTERNAL_API).orElseThrow().state() == State.OPEN);
    long requestsWhenOpened = stub.requests();
    long started = System.nanoTime();
    ProductView rejected = shop.product("p-1").orElseThrow();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    assertThat(breakers.find(ShopService.EXTERNAL_API).orElseThrow().state()).isEqualTo(State.OPEN);
    assertThat(rejected.degraded()).isTrue();
    assertThat(stub.requests()).as("an open breaker sends nothing").isEqualTo(requestsWhenOpened);
    assertThat(elapsed).isLessThan(Duration.ofMillis(300));
  }

  @Test
  void brokenDatabaseFailsUncachedProduct() throws Exception {
    dropProductTable();

    assertThatThrownBy(() -> shop.product("p-1"))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageStartingWith("database unavailable");
  }

  @Test
  void cachedProductSurvivesDatabaseOutage() throws Exception {
    shop.product("p-1");
    dropProductTable();

    Optional<ProductView> view = shop.product("p-1");

    assertThat(view).isPresent();
    assertThat(view.get().source()).isEqualTo("cache");
  }

  @Test
  void openDatabaseBreakerRejectsWithoutQuery() throws Exception {
    dropProductTable();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> shop.product("p-2")).isInstanceOf(ServiceUnavailableException.class);
    }

    assertThat(breakers.find(ShopService.DATABASE).orElseThrow().state()).isEqualTo(State.OPEN);
    assertThatThrownBy(() -> shop.product("p-2"))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("database");
  }

  private void dropProductTable() throws Exception {
    try (Connection connection = DriverManager.getConnection(databaseUrl);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE products");
    }
  }
}
