package io.fusebox.demo;

import io.fusebox.agent.engine.BreakerConfig;
import io.fusebox.agent.engine.CircuitBreaker;
import io.fusebox.agent.engine.CircuitBreakerRegistry;
import io.fusebox.agent.engine.Mode;
import io.fusebox.agent.engine.State;
import io.fusebox.example.ExternalApiStub;
import io.fusebox.example.SampleService;
import io.fusebox.example.SampleServiceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Measures the sample service's latency with the external API hung: once with the {@code
 * external_api} breaker enforcing (measured after it opened) and once with the breaker in mode
 * {@code disabled}, under the same closed-loop load on loopback. The external API's call timeout is
 * 5 s in both runs, as in {@code examples/checkout-policy.yaml}.
 *
 * <p>Arguments: {@code [workers [seconds]]}, default 16 workers and 20 s per run.
 */
public final class DemoLatencyBenchmark {

  private DemoLatencyBenchmark() {}

  /** Runs both measurements and prints the p99 ratio. */
  public static void main(String[] args) throws Exception {
    int workers = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 20);
    System.out.printf(
        "machine: %d cores (%s), Java %s; %d workers, %d s per run%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        workers,
        duration.toSeconds());
    DemoLoad.Result open = measure(Mode.ENFORCE, workers, duration);
    DemoLoad.Result disabled = measure(Mode.DISABLED, workers, duration);
    System.out.println(open.describe());
    System.out.println(disabled.describe());
    System.out.printf(
        "p99 ratio (disabled / breaker open): %.0f%n", disabled.p99Millis() / open.p99Millis());
  }

  private static DemoLoad.Result measure(Mode mode, int workers, Duration duration)
      throws Exception {
    BreakerConfig external =
        BreakerConfig.builder()
            .failureThreshold(3)
            .recoveryTimeout(Duration.ofSeconds(60))
            .callTimeout(Duration.ofSeconds(5))
            .successThreshold(2)
            .mode(mode)
            .build();
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    CircuitBreaker breaker = breakers.getOrCreate("external_api", external);
    try (ExternalApiStub stub = ExternalApiStub.start(0, 0);
        SampleService service =
            SampleService.start(
                SampleServiceConfig.fromEnvironment(
                    Map.of(
                        "BIND_ADDRESS", "127.0.0.1",
                        "PORT", "0",
                        "REQUEST_THREADS", "64",
                        "EXTERNAL_API_URL", stub.apiUrl())),
                breakers);
        DemoLoad load =
            new DemoLoad(URI.create("http://127.0.0.1:" + service.address().getPort()), workers)) {
      stub.switchTo(ExternalApiStub.Behaviour.HUNG);
      if (mode == Mode.ENFORCE) {
        // Trip the breaker first: the figure is the latency once it is open.
        load.run("warm-up (tripping)", Duration.ofSeconds(6));
        if (breaker.state() != State.OPEN) {
          throw new IllegalStateException("external_api did not open; state " + breaker.state());
        }
      } else {
        load.run("warm-up", Duration.ofSeconds(6));
      }
      String label = mode == Mode.ENFORCE ? "breaker open" : "breaker disabled";
      return load.run(label, duration);
    }
  }
}
