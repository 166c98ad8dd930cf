package dev.rampart.operator.model.vaultsecret;

import dev.rampart.operator.api.vaultsecret.LeaseStatus;
import dev.rampart.operator.model.tenant.TenantVaultModel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * When database credentials are renewed and when new ones are issued. A lease is renewed once a
 * configured fraction (by default two thirds) of what remained of it at the last issue or renewal
 * has passed; new credentials are issued when a renewal is refused or leaves less than a third of
 * the lease's original TTL (the role's max TTL is near), so the application always has time to pick
 * the new ones up.
 *
 * <p>Vault revokes a lease when the token that created it expires. Each lease therefore has an
 * owner token of its own, renewed together with it; the credentials are valid until whichever of
 * the two ends first, so the owner token's max TTL bounds them as the role's max TTL does.
 */
public final class DatabaseLeases {

  private static final Pattern ROLE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Duration MIN_DELAY = Duration.ofSeconds(1);

  private DatabaseLeases() {}

  /** A lease as Vault describes it when issuing or renewing. */
  public record Lease(String id, Duration ttl, boolean renewable) {}

  /** The token that owns a lease: its accessor and the TTL it has left after login or renewal. */
  public record Owner(String accessor, Duration ttl) {}

  /** Whether {@code role} is a role name the CRD allows (checked again before calling Vault). */
  public static boolean isSafeRole(String role) {
    return role != null && role.length() <= 63 && ROLE.matcher(role).matches();
  }

  /**
   * {@code database/creds/tenant-<tenant>-<role>}: the tenant prefix comes from the namespace, so a
   * VaultSecret can only name its own tenant's roles.
   */
  public static String credsPath(String tenant, String role) {
    if (!isSafeRole(role)) {
      throw new IllegalArgumentException("unsafe database role name");
    }
    return TenantVaultModel.DATABASE + "/creds/" + vaultRole(tenant, role);
  }

  /** The Vault database role a tenant's VaultSecret names {@code role}. */
  public static String vaultRole(String tenant, String role) {
    return TenantVaultModel.databaseRolePrefix(tenant) + role;
  }

  /** The status of a lease just issued by {@code owner}'s token. */
  public static LeaseStatus issued(Lease lease, Owner owner, Instant now) {
    Duration valid = shorter(lease.ttl(), owner.ttl());
    return new LeaseStatus(
        lease.id(), valid.toSeconds(), text(now), null, text(now.plus(valid)), owner.accessor());
  }

  /**
   * The status after renewing the lease and its owner token ({@code ownerTtl} left): same id, issue
   * time, original TTL and owner, a new expiry.
   */
  public static LeaseStatus renewed(
      LeaseStatus previous, Lease renewal, Duration ownerTtl, Instant now) {
    return new LeaseStatus(
        previous.getId(),
        previous.getDurationSeconds(),
        previous.getIssuedAt(),
        text(now),
        text(now.plus(shorter(renewal.ttl(), ownerTtl))),
        previous.getOwnerTokenAccessor());
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** {@code renewFraction} of the way from the last issue or renewal to the expiry. */
  public static Instant nextActionAt(LeaseStatus lease, double renewFraction) {
    Instant last =
        Instant.parse(lease.getRenewedAt() != null ? lease.getRenewedAt() : lease.getIssuedAt());
    Instant expires = Instant.parse(lease.getExpiresAt());
    Duration span = Duration.between(last, expires);
    return last.plus(Duration.ofMillis(Math.round(span.toMillis() * renewFraction)));
  }

  /** Less than a third of the original TTL remains: time for new credentials. */
  public static boolean nearEnd(LeaseStatus lease, Instant now) {
    Duration remaining = Duration.between(now, Instant.parse(lease.getExpiresAt()));
    Duration original = Duration.ofSeconds(lease.getDurationSeconds());
    return remaining.multipliedBy(3).compareTo(original) < 0;
  }

  /** Whether the lease has expired (nothing left to renew or revoke). */
  public static boolean expired(LeaseStatus lease, Instant now) {
    return !now.isBefore(Instant.parse(lease.getExpiresAt()));
  }

  /** How long to wait until {@code at}; at least a second. */
  public static Duration delayUntil(Instant at, Instant now) {
    Duration delay = Duration.between(now, at);
    return delay.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : delay;
  }

  private static String text(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
