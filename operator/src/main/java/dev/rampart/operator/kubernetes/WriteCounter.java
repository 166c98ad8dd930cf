package dev.rampart.operator.kubernetes;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every write request the operator's client sends to the API server, by HTTP method, as
 * {@code rampart_kubernetes_writes_total}. A steady state must keep it flat.
 */
public final class WriteCounter implements Interceptor {

  public static final String METRIC = "rampart.kubernetes.writes";

  private final MeterRegistry registry;
  private final Map<String, Counter> byMethod = new ConcurrentHashMap<>();

  public WriteCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String method = request.method().toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      byMethod
          .computeIfAbsent(
              method,
              m ->
                  Counter.builder(METRIC)
                      .description("Write requests sent to the Kubernetes API server")
                      .tag("method", m)
                      .register(registry))
          .increment();
    }
  }

  /** All writes counted so far. */
  public long total() {
    return byMethod.values().stream().mapToLong(c -> (long) c.count()).sum();
  }
}
