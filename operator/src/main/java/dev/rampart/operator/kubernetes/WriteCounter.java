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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Counts every write request the operator's client sends to the API server, by HTTP method and
 * resource, as {@code rampart_kubernetes_writes_total}. A steady state must keep it flat but for
 * what is renewed on a clock: the leader's Lease ({@code resource="leases"}) and the tokens Rampart
 * logs into Vault with as a tenant ({@code resource="serviceaccounts/token"}, requests that store
 * nothing).
 */
public final class WriteCounter implements Interceptor {

  public static final String METRIC = "rampart.kubernetes.writes";

  /** The resource of a request whose path is not a Kubernetes resource path. */
  static final String NOT_A_RESOURCE = "other";

  /** What leader election writes: one renewal per retry period, however steady the rest is. */
  static final String LEASES = "leases";

  /**
   * A TokenRequest, the one subresource told apart: it stores nothing, and one is made per tenant
   * namespace each time a Vault login's token nears its end, however steady the rest is.
   */
  static final String TOKENS = "serviceaccounts/token";

  private static final Set<String> RENEWALS = Set.of(LEASES, TOKENS);

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

  /** All writes counted so far but the {@link #RENEWALS}, which go on in a steady state. */
  public long totalExceptRenewals() {
    return exceptRenewals().values().stream().mapToLong(Long::longValue).sum();
  }

  /** The same writes by {@code "<METHOD> <resource>"}, to tell what a steady state wrote. */
  public Map<String, Long> exceptRenewals() {
    return counters.entrySet().stream()
        .filter(counter -> !RENEWALS.contains(counter.getKey().get(1)))
        .collect(
            Collectors.toMap(
                counter -> String.join(" ", counter.getKey()),
                counter -> (long) counter.getValue().count(),
                Long::sum,
                TreeMap::new));
  }

  /**
   * The resource (plural) a request path names, as the API server reads it: {@code /api/v1/...} or
   * {@code /apis/<group>/<version>/...}, then {@code <resource>[/<name>[/<subresource>]]}, possibly
   * inside {@code namespaces/<namespace>/}. A subresource counts as its resource (a status patch of
   * a Tenant is {@code tenants}), and so does a namespace's own status or finalize, but for a token
   * request ({@link #TOKENS}). A prefix before {@code /api} (a proxy's path in the kubeconfig's
   * server URL) is skipped.
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
      List<String> inNamespace = parts.subList(2, parts.size());
      return inNamespace.size() == 3
              && String.join("/", inNamespace).matches("serviceaccounts/[^/]+/token")
          ? TOKENS
          : parts.get(2);
    }
    return parts.isEmpty() ? NOT_A_RESOURCE : parts.get(0);
  }
}
