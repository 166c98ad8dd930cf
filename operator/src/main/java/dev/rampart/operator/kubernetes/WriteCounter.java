package dev.rampart.operator.kubernetes;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Counts every write request the operator's client sends to the API server, by HTTP method and
 * resource, as {@code rampart_kubernetes_writes_total}. A steady state must keep it flat but for
 * the leader's Lease renewals ({@code resource="leases"}).
 */
public final class WriteCounter implements Interceptor {

  public static final String METRIC = "rampart.kubernetes.writes";

  /** The resource of a request whose path is not a Kubernetes resource path. */
  static final String NOT_A_RESOURCE = "other";

  /** What leader election writes: one renewal per retry period, however steady the rest is. */
  static final String LEASES = "leases";

  private static final Pattern VERSION = Pattern.compile("v[0-9]+((alpha|beta)[0-9]+)?");

  /** What may follow {@code namespaces/<name>/}, besides a namespaced resource. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  private final MeterRegistry registry;
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

  public WriteCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String method = request.method().toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      counters
          .computeIfAbsent(
              List.of(method, resource(request.uri().getRawPath())),
              key ->
                  Counter.builder(METRIC)
                      .description("Write requests sent to the Kubernetes API server")
                      .tag("method", key.get(0))
                      .tag("resource", key.get(1))
                      .register(registry))
          .increment();
    }
  }

  /** All writes counted so far but the Lease's, which leader election renews every few seconds. */
  public long totalExceptLeases() {
    return counters.entrySet().stream()
        .filter(counter -> !counter.getKey().get(1).equals(LEASES))
        .mapToLong(counter -> (long) counter.getValue().count())
        .sum();
  }

  /**
   * The resource (plural) a request path names, as the API server reads it: {@code /api/v1/...} or
   * {@code /apis/<group>/<version>/...}, then {@code <resource>[/<name>[/<subresource>]]}, possibly
   * inside {@code namespaces/<namespace>/}. A subresource counts as its resource (a status patch of
   * a Tenant is {@code tenants}), and so does a namespace's own status or finalize. A prefix before
   * {@code /api} (a proxy's path in the kubeconfig's server URL) is skipped.
   */
  static String resource(String path) {
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    for (int i = 0; i < segments.size(); i++) {
      int rest =
          segments.get(i).equals("api") && isVersion(segments, i + 1)
              ? i + 2
              : segments.get(i).equals("apis") && isVersion(segments, i + 2) ? i + 3 : -1;
      if (rest >= 0) {
        return resourceIn(segments.subList(rest, segments.size()));
      }
    }
    return NOT_A_RESOURCE;
  }

  private static boolean isVersion(List<String> segments, int index) {
    return index < segments.size() && VERSION.matcher(segments.get(index)).matches();
  }

  private static String resourceIn(List<String> parts) {
    if (parts.size() >= 3
        && parts.get(0).equals("namespaces")
        && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
      return parts.get(2);
    }
    return parts.isEmpty() ? NOT_A_RESOURCE : parts.get(0);
  }
}
