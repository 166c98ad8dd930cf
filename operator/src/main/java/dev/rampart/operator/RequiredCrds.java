package dev.rampart.operator;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the API server serves the custom resources Rampart's controllers reconcile, without which
 * their informers cannot start. Asked through API discovery, which every authenticated user may
 * read, so the operator needs no permission on CustomResourceDefinitions.
 */
final class RequiredCrds {

  /** What the log and /readyz tell a person to do about a missing CRD. */
  static final String HOW_TO_INSTALL =
      "install Rampart's CRDs with `kubectl apply --server-side -f crds/` or the Helm chart";

  private final KubernetesClient client;
  private final List<Class<? extends HasMetadata>> resources;
  private volatile List<String> lastMissing = List.of();

  RequiredCrds(KubernetesClient client, List<Class<? extends HasMetadata>> resources) {
    this.client = client;
    this.resources = resources.stream().distinct().toList();
  }

  /** Asks the API server; returns the names (plural.group) of the CRDs it does not serve. */
  List<String> check() {
    Map<String, Set<String>> servedByApiVersion = new HashMap<>();
    lastMissing =
        resources.stream()
            .filter(
                type ->
                    !servedByApiVersion
                        .computeIfAbsent(HasMetadata.getApiVersion(type), this::served)
                        .contains(HasMetadata.getPlural(type)))
            .map(HasMetadata::getFullResourceName)
            .sorted()
            .toList();
    return lastMissing;
  }

  /** What the last {@link #check()} found missing; none before the first. */
  List<String> lastMissing() {
    return lastMissing;
  }

  /** The resources of one API group version; none when the API server does not know it (404). */
  private Set<String> served(String apiVersion) {
    APIResourceList list = client.getApiResources(apiVersion);
    return list == null
        ? Set.of()
        : list.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
  }
}
