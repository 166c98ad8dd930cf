package dev.rampart.operator.model.auth;

import dev.rampart.operator.api.auth.OidcClient;
import dev.rampart.operator.api.auth.OidcClientStatus;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.vaultsecret.KvPaths;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What an OidcClient's status says. Messages name places, never the client's secret. */
public final class OidcClientStatusModel {

  public static final String CONVERGED = "Converged";
  public static final String NOT_IN_TENANT = "NotInTenant";
  public static final String REALM_NOT_READY = "RealmNotReady";
  public static final String SECRET_CONFLICT = "SecretConflict";
  public static final String ROTATION_REFUSED = "SecretRotationRefused";
  public static final String VAULT_NOT_CONFIGURED = "VaultNotConfigured";
  public static final String VAULT_UNAVAILABLE = "VaultUnavailable";
  public static final String VAULT_REFUSED = "VaultRefused";

  private OidcClientStatusModel() {}

  /**
   * @param secretCreated when a confidential client's secret was made, if Keycloak says
   * @param secretReplaceAt when Rampart replaces it, under the realm's clientSecretRotation
   */
  public static OidcClientStatus ready(
      OidcClient client,
      String tenant,
      String issuer,
      Optional<Instant> secretCreated,
      Optional<Instant> secretReplaceAt,
      Instant now) {
    OidcClientStatus status =
        base(client, true, CONVERGED, "The client is in the realm as the spec says.", now);
    status.setIssuer(issuer);
    if (OidcClientModel.inVault(client)) {
      status.setVaultPath(KvPaths.tenantPath(tenant, client.getSpec().getVault()));
    } else if (OidcClientModel.isConfidential(client)) {
      status.setSecretName(OidcClientModel.secretName(client));
    }
    if (OidcClientModel.isConfidential(client)) {
      secretCreated.ifPresent(at -> status.setSecretCreated(at.toString()));
      secretReplaceAt.ifPresent(at -> status.setSecretReplaceAt(at.toString()));
    }
    return status;
  }

  /** Keeps what was known before: a failure changes nothing in Keycloak. */
  public static OidcClientStatus failed(
      OidcClient client, String reason, String message, Instant now) {
    OidcClientStatus status = base(client, false, reason, message, now);
    Optional.ofNullable(client.getStatus())
        .ifPresent(
            s -> {
              status.setIssuer(s.getIssuer());
              status.setSecretName(s.getSecretName());
              status.setVaultPath(s.getVaultPath());
              status.setSecretCreated(s.getSecretCreated());
              status.setSecretReplaceAt(s.getSecretReplaceAt());
            });
    return status;
  }

  private static OidcClientStatus base(
      OidcClient client, boolean ready, String reason, String message, Instant now) {
    long generation = client.getMetadata().getGeneration();
    OidcClientStatus status = new OidcClientStatus();
    status.setObservedGeneration(generation);
    status.setClientId(OidcClientModel.clientId(client));
    status.setConditions(
        Conditions.with(
            Optional.ofNullable(client.getStatus())
                .map(OidcClientStatus::getConditions)
                .orElse(List.of()),
            Conditions.READY,
            ready,
            reason,
            message,
            generation,
            now));
    return status;
  }
}
