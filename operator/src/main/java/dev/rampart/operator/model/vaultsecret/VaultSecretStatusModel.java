package dev.rampart.operator.model.vaultsecret;

import dev.rampart.operator.api.Condition;
import dev.rampart.operator.api.vaultsecret.LeaseStatus;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.api.vaultsecret.VaultSecretStatus;
import dev.rampart.operator.model.Conditions;
import dev.rampart.operator.model.SpecDurations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The status a VaultSecret should show after a reconcile. Messages never carry secret data. */
public final class VaultSecretStatusModel {

  public static final String SYNCED = "Synced";
  public static final String NOT_IN_A_TENANT = "NotInATenant";
  public static final String VAULT_UNAVAILABLE = "VaultUnavailable";
  public static final String VAULT_REFUSED = "VaultRefused";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String SECRET_CONFLICT = "SecretConflict";

  private static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);
  private static final Duration MIN_REFRESH = Duration.ofSeconds(5);

  private VaultSecretStatusModel() {}

  /**
   * The Secret holds KV version {@code version}; {@code lastSyncTime} moves only when {@code
   * dataWritten}, so that a steady state patches nothing.
   */
  public static VaultSecretStatus synced(
      VaultSecret vs, long version, String hmac, boolean dataWritten, Instant now) {
    String lastSync = lastSync(vs, dataWritten, now);
    VaultSecretStatus status =
        status(
            vs,
            true,
            SYNCED,
            "Secret "
                + vs.getSpec().getDestination().getName()
                + " holds version "
                + version
                + " of the Vault entry",
            now);
    status.setSecretVersion(version);
    status.setDataHmac(hmac);
    status.setLastSyncTime(lastSync);
    return status;
  }

  /** The last sync time moves only when data was written, so a steady state patches nothing. */
  private static String lastSync(VaultSecret vs, boolean dataWritten, Instant now) {
    VaultSecretStatus previous = vs.getStatus();
    return dataWritten || previous == null || previous.getLastSyncTime() == null
        ? now.truncatedTo(ChronoUnit.SECONDS).toString()
        : previous.getLastSyncTime();
  }

  /** A destination Secret of that name exists and is not this VaultSecret's. */
  public static VaultSecretStatus conflict(VaultSecret vs, String secretName, Instant now) {
    return failed(
        vs,
        SECRET_CONFLICT,
        "Secret "
            + secretName
            + " exists and does not belong to this VaultSecret; Rampart leaves it untouched."
            + " Choose another destination.name or delete that Secret.",
        now);
  }

  /** Ready=False; what was last synced stays recorded (the Secret is left as it was). */
  public static VaultSecretStatus failed(
      VaultSecret vs, String reason, String message, Instant now) {
    VaultSecretStatus status = status(vs, false, reason, message, now);
    VaultSecretStatus previous = vs.getStatus();
    if (previous != null) {
      status.setSecretVersion(previous.getSecretVersion());
      status.setDataHmac(previous.getDataHmac());
      status.setLastSyncTime(previous.getLastSyncTime());
      status.setLease(previous.getLease());
    }
    return status;
  }

  /**
   * The Secret holds credentials of the database role {@code vaultRole} under {@code lease}; {@code
   * lastSyncTime} moves only when {@code dataWritten}.
   */
  public static VaultSecretStatus credentials(
      VaultSecret vs,
      String vaultRole,
      LeaseStatus lease,
      String hmac,
      boolean dataWritten,
      Instant now) {
    String lastSync = lastSync(vs, dataWritten, now);
    VaultSecretStatus status =
        status(
            vs,
            true,
            SYNCED,
            "Secret "
                + vs.getSpec().getDestination().getName()
                + " holds credentials of database role "
                + vaultRole,
            now);
    status.setLease(lease);
    status.setDataHmac(hmac);
    status.setLastSyncTime(lastSync);
    return status;
  }

  /** The spec's refresh interval; 60 s when absent, never below 5 s. */
  public static Duration refreshInterval(String text) {
    Duration parsed = SpecDurations.parse(text).orElse(DEFAULT_REFRESH);
    return parsed.compareTo(MIN_REFRESH) < 0 ? MIN_REFRESH : parsed;
  }

  private static VaultSecretStatus status(
      VaultSecret vs, boolean ready, String reason, String message, Instant now) {
    long generation =
        vs.getMetadata().getGeneration() == null ? 0 : vs.getMetadata().getGeneration();
    List<Condition> current = vs.getStatus() == null ? List.of() : vs.getStatus().getConditions();
    VaultSecretStatus status = new VaultSecretStatus();
    status.setObservedGeneration(generation);
    status.setConditions(
        Conditions.with(current, Conditions.READY, ready, reason, message, generation, now));
    return status;
  }
}
