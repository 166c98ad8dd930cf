package dev.rampart.operator.testing;

import static org.awaitility.Awaitility.await;

import dev.rampart.operator.api.tenant.DataResidency;
import dev.rampart.operator.api.tenant.EgressRule;
import dev.rampart.operator.api.tenant.Limits;
import dev.rampart.operator.api.tenant.Network;
import dev.rampart.operator.api.tenant.Owner;
import dev.rampart.operator.api.tenant.PortRule;
import dev.rampart.operator.api.tenant.Quota;
import dev.rampart.operator.api.tenant.ResourceAmounts;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.TenantSpec;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Test tenants with names no other test uses. */
public final class Tenants {

  private static final AtomicInteger counter = new AtomicInteger();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 4);

  private Tenants() {}

  /** A fresh DNS-label name with the given prefix. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + RUN + "-" + counter.incrementAndGet();
  }

  /** A tenant owned by user {@code owner}, with its default namespace. */
  public static Tenant owned(String name, String owner) {
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName(name).build());
    TenantSpec spec = new TenantSpec();
    spec.setOwners(List.of(new Owner(Owner.Kind.User, owner, null)));
    tenant.setSpec(spec);
    return tenant;
  }

  /**
   * A tenant that declares every kind of child: quota, container limits, one egress rule, a
   * residency region (so tests and the benchmark see every object Rampart writes).
   */
  public static Tenant declaringEverything(String name) {
    Tenant tenant = owned(name, "alice");
    Quota quota = new Quota();
    quota.setHard(Map.of("requests.cpu", "4", "limits.memory", "8192Mi", "pods", "20"));
    tenant.getSpec().setQuota(quota);
    Limits limits = new Limits();
    limits.setDefaultRequest(new ResourceAmounts("100m", "128Mi"));
    limits.setDefaultLimit(new ResourceAmounts("500m", "512Mi"));
    tenant.getSpec().setLimits(limits);
    Network network = new Network();
    network.setEgress(
        List.of(
            new EgressRule("10.20.0.0/16", List.of(new PortRule(5432, PortRule.Protocol.TCP)))));
    tenant.getSpec().setNetwork(network);
    tenant.getSpec().setDataResidency(new DataResidency("eu-west-1"));
    return tenant;
  }

  /** Changes the named Tenant's spec (read, changed, written back at that resourceVersion). */
  public static void editSpec(KubernetesClient client, String name, Consumer<TenantSpec> change) {
    client
        .resources(Tenant.class)
        .withName(name)
        .edit(
            tenant -> {
              change.accept(tenant.getSpec());
              return tenant;
            });
  }

  /** Waits until the named Tenant satisfies {@code condition}, and returns it as it then was. */
  public static Tenant awaitTenant(
      KubernetesClient client, String name, Predicate<Tenant> condition) {
    AtomicReference<Tenant> seen = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              seen.set(client.resources(Tenant.class).withName(name).get());
              return seen.get() != null && condition.test(seen.get());
            });
    return seen.get();
  }

  /** Ready, and its Vault key, policy and role are in place. */
  public static boolean isVaultReady(Tenant tenant) {
    return isReady(tenant)
        && Conditions.isTrue(tenant.getStatus().getConditions(), TenantStatusModel.VAULT_READY);
  }

  /** Creates a tenant owned by alice and waits until it is Vault-ready; returns its name. */
  public static String createVaultReady(KubernetesClient client, String prefix) {
    String name = uniqueName(prefix);
    client.resource(owned(name, "alice")).create();
    awaitTenant(client, name, Tenants::isVaultReady);
    return name;
  }

  public static boolean isReady(Tenant tenant) {
    return tenant != null
        && tenant.getStatus() != null
        && tenant.getStatus().getObservedGeneration() != null
        && tenant.getStatus().getObservedGeneration().equals(tenant.getMetadata().getGeneration())
        && Conditions.isTrue(tenant.getStatus().getConditions(), Conditions.READY);
  }
}
