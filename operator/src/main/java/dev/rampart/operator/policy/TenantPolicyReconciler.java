package dev.rampart.operator.policy;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.api.tenantrole.TenantRoleStatus;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.kubernetes.Children.Adoption;
import dev.rampart.operator.kubernetes.DeclaredChildren;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.kubernetes.TenantRoleIndex;
import dev.rampart.operator.model.TenantNamespaces;
import dev.rampart.operator.model.policy.PolicyBundle;
import dev.rampart.operator.model.policy.PolicyDecisionPoint;
import dev.rampart.operator.model.policy.PolicyLabels;
import dev.rampart.operator.model.policy.RbacDrift;
import dev.rampart.operator.model.policy.TenantRoleCompiler;
import dev.rampart.operator.model.policy.TenantRoleRbac;
import dev.rampart.operator.model.policy.TenantRoleStatusModel;
import dev.rampart.operator.model.policy.TenantRoleStatusModel.Verdict;
import dev.rampart.operator.model.tenant.TenantOwnerBindingModel;
import dev.rampart.operator.policy.PolicyCheck.Checked;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles each tenant's TenantRoles into its policy bundle and their Kubernetes rules into Roles
 * and RoleBindings. Every test of every role runs in OPA and Cedar on the bundle as it would be
 * served; only a bundle that passes replaces the one in service (two ConfigMaps in the tenant's
 * first namespace, served there by the tenant's {@link PolicyDecisionPoint}), so a failing test
 * leaves the last good bundle serving. The outcome is each TenantRole's status, which only this
 * reconciler writes. A Tenant's second reconciler: the {@code tenant} one keeps its namespaces,
 * this one what its roles say.
 */
@ControllerConfiguration(name = "tenantpolicy")
public class TenantPolicyReconciler implements Reconciler<Tenant> {

  private static final Logger log = LoggerFactory.getLogger(TenantPolicyReconciler.class);

  /** How often the owner role (not watched) is read again. */
  static final Duration RESYNC = Duration.ofMinutes(5);

  static final Duration RETRY = Duration.ofSeconds(15);

  /** What a tenant's roles compile to, as the children are computed from it. */
  record Rollout(
      List<ConfigMap> configMaps,
      Optional<PolicyDecisionPoint.Spec> pdp,
      List<Role> roles,
      List<RoleBinding> bindings) {

    static final Rollout NOTHING = new Rollout(List.of(), Optional.empty(), List.of(), List.of());

    <R> List<R> pdp(Function<PolicyDecisionPoint.Spec, R> object) {
      return pdp.map(object).stream().toList();
    }
  }

  /** A tenant's last check, and what it was made from. */
  private record Memo(List<Object> inputs, Checked checked) {}

  private final Clock clock;
  private final PolicyCheck check;
  private final String pdpImage;
  private final Map<String, Memo> lastChecks = new ConcurrentHashMap<>();
  private final DeclaredChildren<Tenant, Rollout, ConfigMap> bundles =
      new DeclaredChildren<>(
          ConfigMap.class, PolicyLabels.POLICY_OF, Adoption.REFUSE, Rollout::configMaps);
  private final DeclaredChildren<Tenant, Rollout, Service> services =
      new DeclaredChildren<>(
          Service.class,
          PolicyLabels.POLICY_OF,
          Adoption.REFUSE,
          r -> r.pdp(PolicyDecisionPoint::service));
  private final DeclaredChildren<Tenant, Rollout, NetworkPolicy> networkPolicies =
      new DeclaredChildren<>(
          NetworkPolicy.class,
          PolicyLabels.POLICY_OF,
          Adoption.REFUSE,
          r -> r.pdp(PolicyDecisionPoint::networkPolicy));
  private final DeclaredChildren<Tenant, Rollout, Deployment> deployments =
      new DeclaredChildren<>(
          Deployment.class,
          PolicyLabels.POLICY_OF,
          Adoption.REFUSE,
          r -> r.pdp(PolicyDecisionPoint::deployment));

  /** The PDP's kinds Rampart may read only in tenant namespaces (its RBAC). */
  private final List<DeclaredChildren<Tenant, Rollout, ?>> inTenantNamespacesOnly =
      List.of(bundles, services, deployments);

  private final DeclaredChildren<Tenant, Rollout, Role> roles =
      new DeclaredChildren<>(Role.class, PolicyLabels.POLICY_OF, Adoption.REFUSE, Rollout::roles);
  private final DeclaredChildren<Tenant, Rollout, RoleBinding> bindings =
      new DeclaredChildren<>(
          RoleBinding.class, PolicyLabels.POLICY_OF, Adoption.REFUSE, Rollout::bindings);
  private final TenantRoleIndex index = new TenantRoleIndex("policy");
  private InformerEventSource<RoleBinding, Tenant> rbacBindings;
  private final PermissionDriftWatch drift;

  /**
   * @param operatorNamespace Rampart's own namespace, where it may always read ConfigMaps
   */
  public TenantPolicyReconciler(
      Clock clock,
      PolicyCheck check,
      String pdpImage,
      String operatorNamespace,
      MeterRegistry registry) {
    this.clock = clock;
    this.drift = new PermissionDriftWatch(registry);
    this.check = check;
    this.pdpImage = pdpImage;
    inTenantNamespacesOnly.forEach(kind -> kind.watchPerNamespace(operatorNamespace));
  }

  @Override
  public List<EventSource<?, Tenant>> prepareEventSources(EventSourceContext<Tenant> context) {
    List<InformerEventSource<?, Tenant>> roleSources = index.eventSources(context);
    rbacBindings = drift.eventSource(context, index::tenantOf);
    return List.of(
        roleSources.get(0),
        roleSources.get(1),
        rbacBindings,
        bundles.eventSource(context),
        services.eventSource(context),
        networkPolicies.eventSource(context),
        deployments.eventSource(context),
        roles.eventSource(context),
        bindings.eventSource(context));
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    String name = tenant.getMetadata().getName();
    KubernetesClient client = context.getClient();
    ResourceWriter writer = new ResourceWriter(client);
    List<String> owned = index.ownedNamespaces(name);
    if (owned.isEmpty()) {
      converge(tenant, Rollout.NOTHING, writer);
      lastChecks.remove(name);
      return UpdateControl.<Tenant>noUpdate().rescheduleAfter(RESYNC);
    }
    String home = PolicyDecisionPoint.namespace(tenant, owned);
    Set<String> refused = new HashSet<>();
    for (var kind : inTenantNamespacesOnly) {
      refused.addAll(kind.watchOnly(policyNamespaces(context), writer));
    }
    if (refused.contains(home)) {
      return UpdateControl.<Tenant>noUpdate().rescheduleAfter(RETRY);
    }
    List<PolicyRule> ownerRules = ownerRules(client);
    List<ConfigMap> driftReport = drift.check(tenant, owned, home, ownerRules, client);
    List<TenantRole> declared = index.rolesOf(name);
    if (declared.isEmpty()) {
      // No roles: nothing to serve; what an earlier role compiled to goes.
      converge(tenant, new Rollout(driftReport, Optional.empty(), List.of(), List.of()), writer);
      lastChecks.remove(name);
      return UpdateControl.<Tenant>noUpdate().rescheduleAfter(RESYNC);
    }
    Checked checked = check(tenant, owned, declared);
    Optional<PolicyBundle> served =
        checked.passed()
            ? Optional.of(checked.bundle())
            : inService(tenant, home).or(() -> inService(tenant, null));
    String servedHome = checked.passed() ? home : servedNamespace(tenant).orElse(home);
    Rbac rbac = rbac(tenant, declared, checked, ownerRules);
    List<ConfigMap> configMaps = new ArrayList<>(driftReport);
    served.ifPresent(bundle -> configMaps.addAll(bundle.configMaps(tenant, servedHome)));
    Children.Converged converged =
        converge(
            tenant,
            new Rollout(
                configMaps,
                served.map(bundle -> pdp(tenant, servedHome, bundle, owned)),
                rbac.roles(),
                rbac.bindings()),
            writer);
    Optional<String> conflict =
        converged.conflicts().stream()
            .filter(c -> !isRbac(c))
            .findFirst()
            .map(c -> c + " exists and is not Rampart's; it is left untouched");
    for (Children.Conflict c : converged.conflicts()) {
      declared.stream()
          .filter(role -> isRbac(c) && TenantRoleRbac.name(role).equals(c.name()))
          .forEach(
              role ->
                  rbac.refused()
                      .put(
                          TenantRoleCompiler.key(role),
                          c + " exists and is not Rampart's; it is left untouched"));
    }
    if (converged.writes() > 0) {
      String revision = served.map(PolicyBundle::revision).orElse("(none)");
      log.info(
          "tenant {}: policy bundle {} in service, {} role(s), {} write(s)",
          name,
          revision,
          declared.size(),
          converged.writes());
      AuditLog.record(
          "policy.rollout",
          name,
          "bundle " + revision + " in namespace " + servedHome,
          AuditLog.lastApplier(declared),
          converged.writes()
              + " write(s) for "
              + declared.size()
              + " TenantRole(s), "
              + rbac.roles().size()
              + " Role(s) and "
              + rbac.bindings().size()
              + " RoleBinding(s)");
    }
    Optional<String> blockedBy =
        conflict.or(() -> checked.passed() ? Optional.empty() : Optional.of(firstProblem(checked)));
    for (TenantRole role : declared) {
      String key = TenantRoleCompiler.key(role);
      Verdict verdict =
          new Verdict(
              Optional.ofNullable(checked.compiled().invalid().get(key)),
              checked.engineProblem(),
              failuresOf(checked, key),
              role.getSpec().getTests() == null ? 0 : role.getSpec().getTests().size(),
              blockedBy,
              conflict.isPresent() ? Optional.empty() : served.map(PolicyBundle::revision),
              Optional.ofNullable(rbac.refused().get(key)),
              TenantRoleRbac.hasRules(role));
      writeStatus(client, role, TenantRoleStatusModel.status(role, verdict, clock.instant()));
    }
    return UpdateControl.<Tenant>noUpdate().rescheduleAfter(RESYNC);
  }

  private PolicyDecisionPoint.Spec pdp(
      Tenant tenant, String namespace, PolicyBundle bundle, List<String> owned) {
    return new PolicyDecisionPoint.Spec(
        tenant,
        namespace,
        pdpImage,
        bundle.revision(),
        owned,
        Optional.ofNullable(tenant.getSpec().getDataResidency()).map(r -> r.getRegion()));
  }

  /**
   * The Roles and RoleBindings of the valid roles' Kubernetes rules, and why each refused one is.
   */
  private record Rbac(List<Role> roles, List<RoleBinding> bindings, Map<String, String> refused) {}

  private static Rbac rbac(
      Tenant tenant, List<TenantRole> declared, Checked checked, List<PolicyRule> ownerRules) {
    Rbac rbac = new Rbac(new ArrayList<>(), new ArrayList<>(), new HashMap<>());
    for (TenantRole role : declared) {
      String key = TenantRoleCompiler.key(role);
      if (!TenantRoleRbac.hasRules(role) || checked.compiled().invalid().containsKey(key)) {
        continue;
      }
      List<String> beyond = TenantRoleRbac.beyond(role, ownerRules);
      if (!beyond.isEmpty()) {
        rbac.refused().put(key, refusal(beyond));
        continue;
      }
      rbac.roles().add(TenantRoleRbac.role(tenant, role));
      TenantRoleRbac.binding(tenant, role).ifPresent(rbac.bindings()::add);
    }
    return rbac;
  }

  private Children.Converged converge(Tenant tenant, Rollout rollout, ResourceWriter writer) {
    // The Deployment after what it mounts; roles before their bindings, so no binding points at a
    // role not yet there.
    return bundles
        .converge(tenant, rollout, writer)
        .plus(services.converge(tenant, rollout, writer))
        .plus(networkPolicies.converge(tenant, rollout, writer))
        .plus(deployments.converge(tenant, rollout, writer))
        .plus(roles.converge(tenant, rollout, writer))
        .plus(bindings.converge(tenant, rollout, writer));
  }

  private static boolean isRbac(Children.Conflict conflict) {
    return conflict.kind().equals("Role") || conflict.kind().equals("RoleBinding");
  }

  /** The tenant's check, run again only when what it is made from changed. */
  private Checked check(Tenant tenant, List<String> owned, List<TenantRole> declared) {
    TenantRoleCompiler.Tenant target =
        new TenantRoleCompiler.Tenant(
            tenant.getMetadata().getName(),
            tenant.getSpec().getDataClassification(),
            Set.copyOf(owned));
    List<Object> inputs = new ArrayList<>();
    inputs.add(target);
    declared.stream()
        .map(
            role ->
                List.of(
                    TenantRoleCompiler.key(role),
                    role.getMetadata().getUid(),
                    Objects.requireNonNullElse(role.getMetadata().getGeneration(), 0L)))
        .sorted(java.util.Comparator.comparing(Object::toString))
        .forEach(inputs::add);
    Memo memo = lastChecks.get(tenant.getMetadata().getName());
    if (memo != null && memo.inputs().equals(inputs)) {
      return memo.checked();
    }
    Checked checked = check.check(target, declared);
    if (!checked.passed()) {
      log.warn(
          "tenant {}: the new policy is not served: {}",
          tenant.getMetadata().getName(),
          firstProblem(checked));
    }
    lastChecks.put(tenant.getMetadata().getName(), new Memo(inputs, checked));
    return checked;
  }

  /** The bundle in service in {@code namespace} (any of the tenant's when null), if any. */
  private Optional<PolicyBundle> inService(Tenant tenant, String namespace) {
    return servedConfigMaps(tenant)
        .filter(
            pair -> namespace == null || pair.opa().getMetadata().getNamespace().equals(namespace))
        .findFirst()
        .flatMap(pair -> PolicyBundle.fromConfigMaps(pair.opa(), pair.cedar()));
  }

  private Optional<String> servedNamespace(Tenant tenant) {
    return servedConfigMaps(tenant).findFirst().map(p -> p.opa().getMetadata().getNamespace());
  }

  private record ServedPair(ConfigMap opa, ConfigMap cedar) {}

  private java.util.stream.Stream<ServedPair> servedConfigMaps(Tenant tenant) {
    return liveTenantNamespaces().stream()
        .sorted()
        .flatMap(
            ns ->
                bundles
                    .current(tenant, ns, PolicyBundle.OPA_CONFIG_MAP)
                    .flatMap(
                        opa ->
                            bundles
                                .current(tenant, ns, PolicyBundle.CEDAR_CONFIG_MAP)
                                .map(cedar -> new ServedPair(opa, cedar)))
                    .stream());
  }

  /**
   * Where bundles, decision points and drift reports live: the first namespace of each tenant with
   * TenantRoles or with RoleBindings not Rampart's. ConfigMaps, Services and Deployments are
   * watched there alone (Rampart may read them only in tenant namespaces, and a watch in a
   * namespace whose access goes with a release would fail).
   */
  private Set<String> policyNamespaces(Context<Tenant> context) {
    Set<String> tenants =
        Stream.concat(
                index.roles().list().map(role -> role.getMetadata().getNamespace()),
                rbacBindings
                    .list()
                    .filter(binding -> !RbacDrift.isRamparts(binding))
                    .map(binding -> binding.getMetadata().getNamespace()))
            .map(index::tenantOf)
            .flatMap(Optional::stream)
            .collect(Collectors.toSet());
    Set<String> homes = new HashSet<>();
    for (String name : tenants) {
      List<String> owned = index.ownedNamespaces(name);
      context
          .getPrimaryCache()
          .get(new ResourceID(name))
          .filter(tenant -> !owned.isEmpty())
          .ifPresent(tenant -> homes.add(PolicyDecisionPoint.namespace(tenant, owned)));
    }
    return homes;
  }

  private Set<String> liveTenantNamespaces() {
    return index
        .namespaces()
        .list()
        .filter(ns -> ns.getMetadata().getDeletionTimestamp() == null)
        .filter(ns -> TenantNamespaces.tenantOf(ns).isPresent())
        .map(ns -> ns.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private static List<PolicyRule> ownerRules(KubernetesClient client) {
    ClusterRole owner =
        client.rbac().clusterRoles().withName(TenantOwnerBindingModel.OWNER_CLUSTER_ROLE).get();
    return owner == null || owner.getRules() == null ? List.of() : owner.getRules();
  }

  private static String refusal(List<String> beyond) {
    String listed =
        beyond.stream().limit(5).collect(Collectors.joining(", "))
            + (beyond.size() > 5 ? " and " + (beyond.size() - 5) + " more" : "");
    return "kubernetesRules grant more than a tenant owner holds (ClusterRole "
        + TenantOwnerBindingModel.OWNER_CLUSTER_ROLE
        + "): "
        + listed
        + "; no Role is written for this TenantRole";
  }

  private static String firstProblem(Checked checked) {
    if (!checked.compiled().invalid().isEmpty()) {
      var first = checked.compiled().invalid().entrySet().iterator().next();
      return "TenantRole " + first.getKey() + " is invalid: " + first.getValue();
    }
    return checked.engineProblem().orElseGet(() -> checked.failures().get(0));
  }

  private static List<String> failuresOf(Checked checked, String key) {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < checked.failing().size(); i++) {
      if (checked.failing().get(i).role().equals(key)) {
        failures.add(checked.failures().get(i));
      }
    }
    return failures;
  }

  /**
   * Writes a TenantRole's status unless it holds. A JSON patch that sets the whole status: it needs
   * no resourceVersion (the cached one may be behind this reconciler's own last write) and, unlike
   * a merge patch, clears what the new status leaves out.
   */
  private static void writeStatus(KubernetesClient client, TenantRole role, TenantRoleStatus next) {
    if (Objects.equals(next, role.getStatus())) {
      return;
    }
    String patch =
        "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(next) + "}]";
    client
        .resources(TenantRole.class)
        .inNamespace(role.getMetadata().getNamespace())
        .withName(role.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON), patch);
  }
}
