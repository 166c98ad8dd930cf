package dev.rampart.operator.model.vaultsecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.operator.api.vaultsecret.LeaseStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatabaseLeasesTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final DatabaseLeases.Lease ISSUED =
      new DatabaseLeases.Lease("database/creds/tenant-a-app/abc", Duration.ofSeconds(30), true);
  private static final DatabaseLeases.Owner OWNER =
      new DatabaseLeases.Owner("accessor-1", Duration.ofMinutes(15));
  private static final Duration OWNER_RENEWED = Duration.ofMinutes(15);

  @Test
  void credsPathCarriesTheTenantPrefix() {
    assertThat(DatabaseLeases.credsPath("acme", "app")).isEqualTo("database/creds/tenant-acme-app");
  }

  @Test
  void unsafeRolesAreRefused() {
    assertThat(DatabaseLeases.isSafeRole("app-1")).isTrue();
    assertThat(DatabaseLeases.isSafeRole("../b")).isFalse();
    assertThat(DatabaseLeases.isSafeRole("App")).isFalse();
    assertThat(DatabaseLeases.isSafeRole("app-")).isFalse();
    assertThat(DatabaseLeases.isSafeRole("")).isFalse();
    assertThat(DatabaseLeases.isSafeRole(null)).isFalse();
    assertThatThrownBy(() -> DatabaseLeases.credsPath("acme", "x/../../sys"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issuedLeaseIsRenewedAtTheConfiguredFractionOfItsTtl() {
    LeaseStatus lease = DatabaseLeases.issued(ISSUED, OWNER, T0);
    assertThat(lease.getExpiresAt()).isEqualTo("2026-01-01T00:00:30Z");
    assertThat(lease.getDurationSeconds()).isEqualTo(30);
    assertThat(lease.getRenewedAt()).isNull();
    assertThat(DatabaseLeases.nextActionAt(lease, 2.0 / 3)).isEqualTo(T0.plusSeconds(20));
    assertThat(DatabaseLeases.nextActionAt(lease, 0.5)).isEqualTo(T0.plusSeconds(15));
  }

  @Test
  void renewalKeepsIdAndOriginalTtlAndSchedulesAtTwoThirdsOfWhatRemains() {
    LeaseStatus lease = DatabaseLeases.issued(ISSUED, OWNER, T0);
    Instant at = T0.plusSeconds(20);
    LeaseStatus renewed =
        DatabaseLeases.renewed(
            lease,
            new DatabaseLeases.Lease(ISSUED.id(), Duration.ofSeconds(15), true),
            OWNER_RENEWED,
            at);
    assertThat(renewed.getId()).isEqualTo(ISSUED.id());
    assertThat(renewed.getDurationSeconds()).isEqualTo(30);
    assertThat(renewed.getIssuedAt()).isEqualTo(lease.getIssuedAt());
    assertThat(renewed.getRenewedAt()).isEqualTo("2026-01-01T00:00:20Z");
    assertThat(renewed.getExpiresAt()).isEqualTo("2026-01-01T00:00:35Z");
    assertThat(renewed.getOwnerTokenAccessor()).isEqualTo("accessor-1");
    assertThat(DatabaseLeases.nextActionAt(renewed, 2.0 / 3)).isEqualTo(at.plusSeconds(10));
  }

  @Test
  void nearEndWhenLessThanAThirdOfTheOriginalTtlRemains() {
    LeaseStatus lease = DatabaseLeases.issued(ISSUED, OWNER, T0);
    assertThat(DatabaseLeases.nearEnd(lease, T0.plusSeconds(20))).isFalse(); // 10 s = a third
    assertThat(DatabaseLeases.nearEnd(lease, T0.plusSeconds(21))).isTrue();
    // A renewal capped by the max TTL: 8 s granted of an original 30 s.
    LeaseStatus capped =
        DatabaseLeases.renewed(
            lease,
            new DatabaseLeases.Lease(ISSUED.id(), Duration.ofSeconds(8), true),
            OWNER_RENEWED,
            T0.plusSeconds(52));
    assertThat(DatabaseLeases.nearEnd(capped, T0.plusSeconds(52))).isTrue();
  }

  @Test
  void theOwnerTokensEndBoundsTheCredentials() {
    // A lease longer than the token that owns it ends with the token.
    LeaseStatus lease =
        DatabaseLeases.issued(
            new DatabaseLeases.Lease(ISSUED.id(), Duration.ofHours(1), true),
            new DatabaseLeases.Owner("accessor-1", Duration.ofMinutes(15)),
            T0);
    assertThat(lease.getDurationSeconds()).isEqualTo(900);
    assertThat(lease.getExpiresAt()).isEqualTo("2026-01-01T00:15:00Z");
    assertThat(lease.getOwnerTokenAccessor()).isEqualTo("accessor-1");
    // Renewed at 10 min: the token gets 15 min more, the lease an hour; the token's end counts.
    Instant at = T0.plusSeconds(600);
    LeaseStatus renewed =
        DatabaseLeases.renewed(
            lease,
            new DatabaseLeases.Lease(ISSUED.id(), Duration.ofHours(1), true),
            Duration.ofMinutes(15),
            at);
    assertThat(renewed.getExpiresAt()).isEqualTo("2026-01-01T00:25:00Z");
    assertThat(DatabaseLeases.nearEnd(renewed, at)).isFalse();
    // The token near its max TTL grants only 4 min: new credentials are due.
    Instant late = T0.plusSeconds(3000);
    LeaseStatus capped =
        DatabaseLeases.renewed(
            renewed,
            new DatabaseLeases.Lease(ISSUED.id(), Duration.ofHours(1), true),
            Duration.ofMinutes(4),
            late);
    assertThat(capped.getExpiresAt()).isEqualTo(late.plusSeconds(240).toString());
    assertThat(DatabaseLeases.nearEnd(capped, late)).isTrue();
  }

  @Test
  void expiryAndDelays() {
    LeaseStatus lease = DatabaseLeases.issued(ISSUED, OWNER, T0);
    assertThat(DatabaseLeases.expired(lease, T0.plusSeconds(29))).isFalse();
    assertThat(DatabaseLeases.expired(lease, T0.plusSeconds(30))).isTrue();
    assertThat(DatabaseLeases.delayUntil(T0.plusSeconds(5), T0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(DatabaseLeases.delayUntil(T0.minusSeconds(5), T0)).isEqualTo(Duration.ofSeconds(1));
  }
}
