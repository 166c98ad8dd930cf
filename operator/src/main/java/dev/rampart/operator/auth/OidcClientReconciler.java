package dev.rampart.operator.auth;

import static java.util.stream.Collectors.joining;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.operator.api.auth.ClientSecretRotation;
import dev.rampart.operator.api.auth.ClientSecretVault;
import dev.rampart.operator.api.auth.OidcClient;
import dev.rampart.operator.api.auth.OidcClientStatus;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.keycloak.KeycloakConfig;
import dev.rampart.operator.keycloak.KeycloakFailure;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.kubernetes.Children.Adoption;
import dev.rampart.operator.kubernetes.DeclaredChildren;
import dev.rampart.operator.kubernetes.NamespaceTenants;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.kubernetes.StatusPatches;
import dev.rampart.operator.kubernetes.TenantEvents;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.TenantNamespaces;
import dev.rampart.operator.model.auth.AuthStatusModel;
import dev.rampart.operator.model.auth.ClientSecretSchedule;
import dev.rampart.operator.model.auth.ClientSecretSchedule.Decision;
import dev.rampart.operator.model.auth.ClientSecretSchedule.Keep;
import dev.rampart.operator.model.auth.ClientSecretSchedule.Refused;
import dev.rampart.operator.model.auth.ClientSecretSchedule.Replace;
import dev.rampart.operator.model.auth.OidcClientModel;
import dev.rampart.operator.model.auth.OidcClientStatusModel;
import dev.rampart.operator.model.auth.TenantRealm;
import dev.rampart.operator.model.vaultsecret.KvPaths;
import dev.rampart.operator.vault.TenantKv;
import dev.rampart.operator.vault.VaultException;
import io.fabric8.kubernetes.api.model.Secret;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.admin.client.Keycloak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each OidcClient's client in its tenant's realm, and a confidential client's credentials in
 * a Secret beside it (the one child kind, written through {@link Children}). The client's secret
 * goes to that Secret only: never to status, Events or logs.
 */
@ControllerConfiguration(name = "oidcclient")
public class OidcClientReconciler implements Reconciler<OidcClient> {

  private static final Logger log = LoggerFactory.getLogger(OidcClientReconciler.class);

  static final Duration RETRY = Duration.ofSeconds(15);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the Secret is computed from: the client, and its secret when it has one. */
  record Credentials(OidcClient client, Optional<String> secret, String issuer) {}

  final Clock clock;
  private final Optional<ClientSync> keycloak;
  private final URI keycloakUrl;
  private final Duration resync;
  private final NamespaceTenants<OidcClient> tenantNamespaces = new NamespaceTenants<>();
  private final DeclaredChildren<OidcClient, Credentials, Secret> secrets =
      new DeclaredChildren<>(
          Secret.class,
          OidcClientModel.CLIENT_LABEL,
          Adoption.REFUSE,
          c ->
              c.secret()
                  .filter(secret -> !OidcClientModel.inVault(c.client()))
                  .map(secret -> List.of(OidcClientModel.secret(c.client(), secret, c.issuer())))
                  .orElse(List.of()));
  private final Optional<TenantKv> vault;

  /**
   * The reconciler of a Rampart not connected to Keycloak.
   *
   * @param operatorNamespace Rampart's own namespace, where it may always read Secrets
   */
  public OidcClientReconciler(Clock clock, String operatorNamespace) {
    this(clock, Optional.empty(), null, Duration.ZERO, Optional.empty(), operatorNamespace);
  }

  private OidcClientReconciler(
      Clock clock,
      Optional<ClientSync> keycloak,
      URI keycloakUrl,
      Duration resync,
      Optional<TenantKv> vault,
      String operatorNamespace) {
    this.clock = clock;
    this.keycloak = keycloak;
    this.vault = vault;
    this.keycloakUrl = keycloakUrl;
    this.resync = resync;
    secrets.watchPerNamespace(operatorNamespace);
  }

  /**
   * @param vault the tenants' KV, where a client's spec.vault sends its credentials, when Rampart
   *     is connected to Vault
   */
  public static OidcClientReconciler connectedTo(
      Keycloak keycloak,
      KeycloakConfig config,
      Optional<TenantKv> vault,
      Clock clock,
      String operatorNamespace) {
    return new WithClients(
        clock, new ClientSync(keycloak), config.url(), config.resync(), vault, operatorNamespace);
  }

  /** Connected to Keycloak: a finalizer removes the client from the realm with its OidcClient. */
  @ControllerConfiguration(name = "oidcclient", finalizerName = "oidcclients.rampart.dev/finalizer")
  static final class WithClients extends OidcClientReconciler implements Cleaner<OidcClient> {

    WithClients(
        Clock clock,
        ClientSync keycloak,
        URI url,
        Duration resync,
        Optional<TenantKv> vault,
        String operatorNamespace) {
      super(clock, Optional.of(keycloak), url, resync, vault, operatorNamespace);
    }

    @Override
    public DeleteControl cleanup(OidcClient client, Context<OidcClient> context) {
      Optional<Tenant> tenant = tenantOf(client, context);
      if (tenant.isEmpty()) {
        return DeleteControl.defaultDelete();
      }
      try {
        keycloak().delete(TenantRealm.name(tenant.get()), OidcClientModel.clientId(client));
        return DeleteControl.defaultDelete();
      } catch (KeycloakFailure e) {
        log.warn("oidcclient {}: keeping the finalizer: {}", name(client), e.getMessage());
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY);
      }
    }
  }

  @Override
  public List<EventSource<?, OidcClient>> prepareEventSources(
      EventSourceContext<OidcClient> context) {
    return List.of(tenantNamespaces.eventSource(context), secrets.eventSource(context));
  }

  @Override
  public UpdateControl<OidcClient> reconcile(OidcClient client, Context<OidcClient> context) {
    Instant now = clock.instant();
    String namespace = client.getMetadata().getNamespace();
    if (keycloak.isEmpty()) {
      return StatusPatches.patchIfChanged(
          client,
          OidcClientStatusModel.failed(
              client,
              AuthStatusModel.NOT_CONFIGURED,
              "Rampart is not connected to Keycloak (RAMPART_KEYCLOAK_URL, chart values"
                  + " keycloak.*)",
              now));
    }
    Optional<Tenant> tenant = tenantOf(client, context);
    if (tenant.isEmpty()) {
      return failed(
          client,
          OidcClientStatusModel.NOT_IN_TENANT,
          "namespace "
              + namespace
              + " is not a tenant namespace: a client lives in a tenant's realm",
          now);
    }
    if (!realmReady(tenant.get())) {
      return failed(
          client,
          OidcClientStatusModel.REALM_NOT_READY,
          "tenant "
              + tenant.get().getMetadata().getName()
              + " has no ready realm (spec.auth, status.auth)",
          now);
    }
    if (!tenantNamespaces.watchServed(namespace, context, List.of(secrets))) {
      return failed(
          client, TenantNamespaces.ACCESS_PENDING, TenantNamespaces.accessPending(namespace), now);
    }
    if (OidcClientModel.inVault(client) && vault.isEmpty()) {
      return failed(
          client,
          OidcClientStatusModel.VAULT_NOT_CONFIGURED,
          "spec.vault needs Rampart to be connected to Vault (chart values vault.*); leave it"
              + " out for a Secret",
          now);
    }
    String tenantName = tenant.get().getMetadata().getName();
    String realm = TenantRealm.name(tenant.get());
    String issuer = TenantRealm.issuer(keycloakUrl, realm);
    try {
      ClientSync.Converged converged =
          keycloak
              .get()
              .converge(
                  realm,
                  OidcClientModel.representation(client),
                  OidcClientModel.isConfidential(client));
      if (converged.changed()) {
        log.info("oidcclient {}: client written to realm {}", name(client), realm);
      }
      Optional<ClientSecretRotation> rotation =
          Optional.ofNullable(tenant.get().getSpec().getAuth().getClientSecretRotation());
      CurrentSecret current = currentSecret(client, realm, converged, rotation, context, now);
      Children.Converged written =
          secrets.converge(
              client,
              new Credentials(client, current.secret(), issuer),
              new ResourceWriter(context.getClient()));
      if (!written.conflicts().isEmpty()) {
        return failed(
            client,
            OidcClientStatusModel.SECRET_CONFLICT,
            written.conflicts().stream().map(Children.Conflict::toString).collect(joining(", "))
                + " exist(s) and are not this OidcClient's; set spec.secretName or delete them",
            now);
      }
      if (OidcClientModel.inVault(client)) {
        writeToVault(client, tenantName, current.secret().orElseThrow(), issuer);
      }
      if (current.decision() instanceof Refused refused) {
        return failed(client, OidcClientStatusModel.ROTATION_REFUSED, refused.message(), now);
      }
      Optional<Instant> replaceAt =
          rotation.flatMap(r -> current.created().map(c -> ClientSecretSchedule.replaceAt(r, c)));
      return StatusPatches.patchIfChanged(
              client,
              OidcClientStatusModel.ready(
                  client, tenantName, issuer, current.created(), replaceAt, now))
          .rescheduleAfter(nextLook(replaceAt, now));
    } catch (VaultException e) {
      log.warn("oidcclient {}: {}", name(client), e.getMessage());
      return failed(
          client,
          e.unavailable()
              ? OidcClientStatusModel.VAULT_UNAVAILABLE
              : OidcClientStatusModel.VAULT_REFUSED,
          e.getMessage(),
          now);
    } catch (KeycloakFailure e) {
      log.warn("oidcclient {}: {}", name(client), e.getMessage());
      return failed(
          client,
          e.unavailable() ? AuthStatusModel.UNAVAILABLE : AuthStatusModel.REFUSED,
          e.getMessage(),
          now);
    }
  }

  /** The secret to write, when it was made, and what the schedule decided of the one before. */
  record CurrentSecret(Optional<String> secret, Optional<Instant> created, Decision decision) {}

  /** The client's secret, replaced first when the schedule or the annotation says it is due. */
  private CurrentSecret currentSecret(
      OidcClient client,
      String realm,
      ClientSync.Converged converged,
      Optional<ClientSecretRotation> rotation,
      Context<OidcClient> context,
      Instant now) {
    if (converged.secret().isEmpty()) {
      return new CurrentSecret(Optional.empty(), Optional.empty(), new Keep(Optional.empty()));
    }
    Decision decision =
        ClientSecretSchedule.decide(
            rotation,
            converged.created(),
            Optional.ofNullable(client.getMetadata().getAnnotations())
                .map(annotations -> annotations.get(ClientSecretSchedule.ROTATE_ANNOTATION)),
            now);
    if (!(decision instanceof Replace replace)) {
      return new CurrentSecret(converged.secret(), converged.created(), decision);
    }
    String secret =
        keycloak().replaceSecret(realm, converged.id(), OidcClientModel.clientId(client));
    String replaced =
        rotation
            .map(r -> "; the replaced one works until " + now.plus(ClientSecretSchedule.overlap(r)))
            .orElse("; the replaced one no longer works (no spec.auth.clientSecretRotation)");
    log.info("oidcclient {}: client secret replaced ({})", name(client), replace.why());
    new TenantEvents(context.getClient())
        .normal(
            client,
            "ClientSecretReplaced",
            "Replaced the client secret, " + replace.why() + replaced);
    return new CurrentSecret(Optional.of(secret), Optional.of(now), decision);
  }

  /**
   * Writes the credentials to the tenant's KV entry, as the tenant, when its latest version
   * differs: a steady state only reads.
   */
  private void writeToVault(OidcClient client, String tenant, String secret, String issuer) {
    TenantKv kv = vault.orElseThrow();
    String namespace = client.getMetadata().getNamespace();
    ClientSecretVault entry = client.getSpec().getVault();
    Map<String, String> credentials = OidcClientModel.credentials(client, secret, issuer);
    boolean current =
        kv.read(tenant, namespace, entry)
            .map(stored -> stored.data().equals(JSON.valueToTree(credentials)))
            .orElse(false);
    if (!current) {
      long version = kv.write(tenant, namespace, entry.getPath(), credentials);
      log.info(
          "oidcclient {}: credentials written to Vault at {} (version {})",
          name(client),
          KvPaths.tenantPath(tenant, entry),
          version);
    }
  }

  /** The resync, or sooner when the secret is due before it. */
  private Duration nextLook(Optional<Instant> replaceAt, Instant now) {
    return replaceAt
        .map(at -> Duration.between(now, at).plusSeconds(1))
        .filter(untilDue -> untilDue.compareTo(resync) < 0)
        .map(untilDue -> untilDue.isNegative() ? Duration.ofSeconds(1) : untilDue)
        .orElse(resync);
  }

  ClientSync keycloak() {
    return keycloak.orElseThrow();
  }

  Optional<Tenant> tenantOf(OidcClient client, Context<OidcClient> context) {
    return tenantNamespaces
        .tenantOf(client.getMetadata().getNamespace())
        .map(name -> context.getClient().resources(Tenant.class).withName(name).get());
  }

  private static boolean realmReady(Tenant tenant) {
    return tenant.getSpec().getAuth() != null
        && AuthStatusModel.current(tenant)
            .map(status -> Conditions.isTrue(status.getConditions(), Conditions.READY))
            .orElse(false);
  }

  private UpdateControl<OidcClient> failed(
      OidcClient client, String reason, String message, Instant now) {
    OidcClientStatus status = OidcClientStatusModel.failed(client, reason, message, now);
    return StatusPatches.patchIfChanged(client, status).rescheduleAfter(RETRY);
  }

  static String name(OidcClient client) {
    return client.getMetadata().getNamespace() + "/" + client.getMetadata().getName();
  }
}
