package dev.rampart.operator.policy;

import dev.rampart.operator.api.tenant.PermissionDrift;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.kubernetes.TenantEvents;
import dev.rampart.operator.model.policy.RbacDrift;
import dev.rampart.operator.model.policy.RbacDrift.Drift;
import dev.rampart.operator.model.policy.RbacDrift.Grant;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every RoleBinding in tenant namespaces and finds those Rampart did not write that grant
 * more than the tenant owner role: each is told once as a Warning Event on the Tenant, counted in
 * {@code rampart_rbac_drift{tenant}}, listed in the tenant's bounded report, and, for a Tenant with
 * {@code permissionDrift: enforce}, deleted.
 */
final class PermissionDriftWatch {

  private static final Logger log = LoggerFactory.getLogger(PermissionDriftWatch.class);

  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> drifting = new ConcurrentHashMap<>();

  /** What was told about each tenant, so a steady drift is told once, not on every reconcile. */
  private final Map<String, Set<String>> told = new ConcurrentHashMap<>();

  private InformerEventSource<RoleBinding, Tenant> bindings;

  PermissionDriftWatch(MeterRegistry registry) {
    this.registry = registry;
  }

  InformerEventSource<RoleBinding, Tenant> eventSource(
      EventSourceContext<Tenant> context, Function<String, Optional<String>> tenantOf) {
    bindings =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(RoleBinding.class, Tenant.class)
                .withName("tenant-rolebindings")
                .withSecondaryToPrimaryMapper(
                    binding ->
                        RbacDrift.isRamparts(binding)
                            ? Set.of()
                            : tenantOf
                                .apply(binding.getMetadata().getNamespace())
                                .map(tenant -> Set.of(new ResourceID(tenant)))
                                .orElse(Set.of()))
                .build(),
            context);
    return bindings;
  }

  /** Finds the tenant's drift, tells and enforces what is new; returns the report to keep. */
  List<ConfigMap> check(
      Tenant tenant,
      List<String> namespaces,
      String home,
      List<PolicyRule> ownerRules,
      KubernetesClient client) {
    String name = tenant.getMetadata().getName();
    List<Drift> drift = RbacDrift.find(grants(namespaces, client), ownerRules);
    boolean enforce = tenant.getSpec().getPermissionDrift() == PermissionDrift.ENFORCE;
    TenantEvents events = new TenantEvents(client);
    Set<String> before = told.getOrDefault(name, Set.of());
    List<Drift> remaining = new ArrayList<>();
    for (Drift found : drift) {
      if (enforce) {
        new ResourceWriter(client).delete(found.binding());
        events.warning(tenant, "PermissionDriftRemoved", "deleted: " + found.message());
        AuditLog.record(
            "rbac.drift.delete",
            name,
            "RoleBinding " + found.key(),
            AuditLog.lastApplier(List.of(found.binding())),
            found.message());
        continue;
      }
      remaining.add(found);
      if (!before.contains(found.message())) {
        events.warning(tenant, "PermissionDrift", found.message());
        log.warn("tenant {}: {}", name, found.message());
      }
    }
    told.put(name, remaining.stream().map(Drift::message).collect(Collectors.toSet()));
    drifting
        .computeIfAbsent(
            name,
            tenantName -> {
              AtomicInteger count = new AtomicInteger();
              Gauge.builder("rampart.rbac.drift", count, AtomicInteger::get)
                  .description(
                      "RoleBindings in the tenant's namespaces, not Rampart's, that grant more than"
                          + " the tenant owner role")
                  .tag("tenant", tenantName)
                  .register(registry);
              return count;
            })
        .set(remaining.size());
    return RbacDrift.report(tenant, home, remaining);
  }

  /** The bindings in {@code namespaces} Rampart did not write, each with its role's rules. */
  private List<Grant> grants(List<String> namespaces, KubernetesClient client) {
    Map<String, List<PolicyRule>> clusterRoles = new HashMap<>();
    List<Grant> grants = new ArrayList<>();
    bindings
        .list()
        .filter(binding -> namespaces.contains(binding.getMetadata().getNamespace()))
        .filter(binding -> !RbacDrift.isRamparts(binding))
        .forEach(
            binding -> {
              String role = binding.getRoleRef().getName();
              List<PolicyRule> rules =
                  "ClusterRole".equals(binding.getRoleRef().getKind())
                      ? clusterRoles.computeIfAbsent(role, r -> clusterRoleRules(client, r))
                      : roleRules(client, binding.getMetadata().getNamespace(), role);
              grants.add(new Grant(binding, rules));
            });
    return grants;
  }

  private static List<PolicyRule> clusterRoleRules(KubernetesClient client, String name) {
    ClusterRole role = client.rbac().clusterRoles().withName(name).get();
    return role == null || role.getRules() == null ? List.of() : role.getRules();
  }

  private static List<PolicyRule> roleRules(
      KubernetesClient client, String namespace, String name) {
    Role role = client.rbac().roles().inNamespace(namespace).withName(name).get();
    return role == null || role.getRules() == null ? List.of() : role.getRules();
  }
}
