package dev.rampart.operator.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.api.auth.AuthDeletionPolicy;
import dev.rampart.operator.api.auth.AuthStatus;
import dev.rampart.operator.api.auth.GroupMapping;
import dev.rampart.operator.api.auth.IdentityProvider;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.keycloak.KeycloakConfig;
import dev.rampart.operator.keycloak.KeycloakFailure;
import dev.rampart.operator.kubernetes.TenantEvents;
import dev.rampart.operator.kubernetes.TenantRoleIndex;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.TenantNamespaces;
import dev.rampart.operator.model.auth.AuthStatusModel;
import dev.rampart.operator.model.auth.TenantRealm;
import dev.rampart.operator.model.paymentwebhook.GatewaySecrets;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.admin.client.Keycloak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each tenant's Keycloak realm as its spec.auth says (a Tenant's third reconciler, beside the
 * {@code tenant} and {@code tenantpolicy} ones; it writes status.auth alone). The realm is read
 * again every resync, so a setting changed by hand in Keycloak is put back, with a Warning Event
 * naming it. A Keycloak that cannot be reached changes nothing: the condition says so and Rampart
 * retries with backoff.
 *
 * <p>Without Keycloak, tenants with spec.auth are told so (KeycloakNotConfigured) and Tenants get
 * no finalizer; {@link #connectedTo} makes the reconciler that has both.
 */
@ControllerConfiguration(name = "tenantauth")
public class TenantAuthReconciler implements Reconciler<Tenant> {

  private static final Logger log = LoggerFactory.getLogger(TenantAuthReconciler.class);

  final Clock clock;
  private final Optional<RealmSync> keycloak;
  private final URI keycloakUrl;
  private final Duration resync;
  private final TenantRoleIndex roles = new TenantRoleIndex("auth");

  /** The reconciler of a Rampart not connected to Keycloak. */
  public TenantAuthReconciler(Clock clock) {
    this(clock, Optional.empty(), null, Duration.ZERO);
  }

  private TenantAuthReconciler(
      Clock clock, Optional<RealmSync> keycloak, URI keycloakUrl, Duration resync) {
    this.clock = clock;
    this.keycloak = keycloak;
    this.keycloakUrl = keycloakUrl;
    this.resync = resync;
  }

  public static TenantAuthReconciler connectedTo(
      Keycloak keycloak, KeycloakConfig config, Clock clock) {
    return new WithRealms(clock, new RealmSync(keycloak), config.url(), config.resync());
  }

  /**
   * The reconciler of a Rampart connected to Keycloak. Its finalizer lets a realm whose
   * deletionPolicy is Delete go with its Tenant; a Retain realm stays in Keycloak, unmanaged.
   */
  @ControllerConfiguration(name = "tenantauth", finalizerName = "auth.rampart.dev/finalizer")
  static final class WithRealms extends TenantAuthReconciler implements Cleaner<Tenant> {

    WithRealms(Clock clock, RealmSync keycloak, URI keycloakUrl, Duration resync) {
      super(clock, Optional.of(keycloak), keycloakUrl, resync);
    }

    @Override
    public DeleteControl cleanup(Tenant tenant, Context<Tenant> context) {
      try {
        releaseRealm(tenant);
        return DeleteControl.defaultDelete();
      } catch (KeycloakFailure e) {
        log.warn(
            "tenant {}: keeping the finalizer: {}", tenant.getMetadata().getName(), e.getMessage());
        return DeleteControl.noFinalizerRemoval()
            .rescheduleAfter(AuthStatusModel.retryDelay(tenant, clock.instant()));
      }
    }
  }

  @Override
  public List<EventSource<?, Tenant>> prepareEventSources(EventSourceContext<Tenant> context) {
    return List.copyOf(roles.eventSources(context));
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    KubernetesClient client = context.getClient();
    if (tenant.getSpec().getAuth() == null) {
      releaseRealm(tenant);
      writeStatus(client, tenant, null);
      return UpdateControl.noUpdate();
    }
    if (keycloak.isEmpty()) {
      writeStatus(client, tenant, AuthStatusModel.notConfigured(tenant, clock.instant()));
      return UpdateControl.noUpdate();
    }
    List<TenantRole> tenantRoles = roles.rolesOf(tenant.getMetadata().getName());
    Map<String, String> providerSecrets = new HashMap<>();
    Optional<String> invalid = resolveProviders(tenant, tenantRoles, client, providerSecrets);
    if (invalid.isPresent()) {
      writeStatus(
          client,
          tenant,
          AuthStatusModel.failed(tenant, AuthStatusModel.INVALID, invalid.get(), clock.instant()));
      return UpdateControl.<Tenant>noUpdate().rescheduleAfter(resync);
    }
    try {
      AuthStatus previous = AuthStatusModel.current(tenant).orElse(null);
      RealmSync.Outcome outcome =
          keycloak
              .get()
              .converge(
                  tenant,
                  tenantRoles,
                  providerSecrets,
                  previous == null ? List.of() : previous.getSigningKeys(),
                  clock.instant());
      report(client, tenant, previous, outcome.changes());
      writeStatus(
          client,
          tenant,
          AuthStatusModel.converged(
              tenant,
              TenantRealm.issuer(keycloakUrl, TenantRealm.name(tenant)),
              outcome.signingKeys(),
              clock.instant()));
      return UpdateControl.<Tenant>noUpdate().rescheduleAfter(resync);
    } catch (KeycloakFailure e) {
      log.warn(
          "tenant {}: realm not converged: {}", tenant.getMetadata().getName(), e.getMessage());
      Duration retry = AuthStatusModel.retryDelay(tenant, clock.instant());
      writeStatus(
          client,
          tenant,
          AuthStatusModel.failed(
              tenant,
              e.unavailable() ? AuthStatusModel.UNAVAILABLE : AuthStatusModel.REFUSED,
              e.getMessage(),
              clock.instant()));
      return UpdateControl.<Tenant>noUpdate().rescheduleAfter(retry);
    }
  }

  /**
   * Reads each identity provider's client secret from its Secret in the tenant's first namespace
   * into {@code secrets}.
   *
   * @return what makes spec.auth unusable: a Secret or key not found, a group mapped to a role no
   *     TenantRole declares
   */
  private Optional<String> resolveProviders(
      Tenant tenant,
      List<TenantRole> tenantRoles,
      KubernetesClient client,
      Map<String, String> secrets) {
    List<IdentityProvider> providers = tenant.getSpec().getAuth().getIdentityProviders();
    if (providers.isEmpty()) {
      return Optional.empty();
    }
    List<String> owned = roles.ownedNamespaces(tenant.getMetadata().getName());
    if (owned.isEmpty()) {
      return Optional.of("the tenant has no namespace yet to read identity provider secrets from");
    }
    String home = TenantNamespaces.home(tenant, owned);
    Set<String> declared =
        tenantRoles.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
    for (IdentityProvider provider : providers) {
      SecretKeyRef ref = provider.getClientSecret();
      Optional<String> value =
          Optional.ofNullable(client.secrets().inNamespace(home).withName(ref.getName()).get())
              .flatMap(secret -> GatewaySecrets.value(secret, ref.getKey()));
      if (value.isEmpty()) {
        return Optional.of(
            "identity provider "
                + provider.getAlias()
                + ": Secret "
                + home
                + "/"
                + ref.getName()
                + " has no key "
                + ref.getKey());
      }
      secrets.put(provider.getAlias(), value.get());
      for (GroupMapping mapping : provider.getGroupMappings()) {
        if (!declared.contains(mapping.getRole())) {
          return Optional.of(
              "identity provider "
                  + provider.getAlias()
                  + " maps group "
                  + mapping.getGroup()
                  + " to "
                  + mapping.getRole()
                  + ", which no TenantRole of the tenant declares");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes the tenant's realm if the realm itself says Delete (its spec may be gone already); a
   * Retain realm, or one that is not this tenant's, is left as it is.
   */
  void releaseRealm(Tenant tenant) {
    if (keycloak.isEmpty() || AuthStatusModel.current(tenant).isEmpty()) {
      return;
    }
    String name = TenantRealm.name(tenant);
    Optional<ObjectNode> realm = keycloak.get().read(name);
    if (realm.isPresent()
        && TenantRealm.belongsTo(realm.get(), tenant)
        && TenantRealm.deletionPolicy(realm.get()).orElse(AuthDeletionPolicy.RETAIN)
            == AuthDeletionPolicy.DELETE) {
      keycloak.get().delete(name);
      log.info(
          "tenant {}: realm {} deleted (deletionPolicy Delete)",
          tenant.getMetadata().getName(),
          name);
    }
  }

  /**
   * Changes to a realm that was converged for this very spec were made behind Rampart's back: a
   * Warning naming what was restored. Others follow a spec change: a Normal Event.
   */
  private static void report(
      KubernetesClient client, Tenant tenant, AuthStatus previous, List<String> changes) {
    if (changes.isEmpty()) {
      return;
    }
    boolean wasConverged =
        previous != null
            && Objects.equals(
                previous.getObservedGeneration(), tenant.getMetadata().getGeneration())
            && Conditions.isTrue(previous.getConditions(), Conditions.READY);
    TenantEvents events = new TenantEvents(client);
    String what = String.join("; ", changes);
    if (wasConverged) {
      events.warning(
          tenant, "RealmRestored", "Keycloak realm changed outside Rampart, restored: " + what);
    } else {
      events.normal(
          tenant, "RealmConverged", "Keycloak realm " + TenantRealm.name(tenant) + ": " + what);
    }
  }

  /** status.auth alone, by merge patch: the tenant reconciler owns the rest of the status. */
  private static void writeStatus(KubernetesClient client, Tenant tenant, AuthStatus next) {
    AuthStatus current = AuthStatusModel.current(tenant).orElse(null);
    if (Objects.equals(current, next)) {
      return;
    }
    ObjectNode patch = RealmSync.JSON.createObjectNode();
    patch.putObject("status").set("auth", RealmSync.JSON.valueToTree(next));
    client
        .resources(Tenant.class)
        .withName(tenant.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
  }
}
