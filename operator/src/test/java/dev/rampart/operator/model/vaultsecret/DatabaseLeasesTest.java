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
    LeaseStatus lease = DatabaseLeases.issued(ISSUED, T0);
    assertThat(lease.getExpiresAt()).isEqualTo("2026-01-01T00:00:30Z");
    assertThat(lease.getDurationSeconds()).isEqualTo(30);
    assertThat(lease.getRenewedAt()).isNull();
    assertThat(DatabaseLeases.nextActionAt(lease, 2.0 / 3)).isEqualTo(T0.plusSeconds(20));
    assertThat(DatabaseLeases.nextActionAt(lease, 0.5)).isEqualTo(T0.plusSeconds(15));
  }

  @Test
  void renewalKeepsIdAndOriginalTtlAndSchedulesAtTwoThirdsOfWhatRemains() {
    LeaseStatus lease = DatabaseLeases.issued(ISSUED, T0);
    Instant at = T0.plusSeconds(20);
    LeaseStatus renewed =
        DatabaseLeases.renewed(
            lease, new DatabaseLeases.Lease(ISSUED.id(), Duration.ofSeconds(15), true), at);
    assertThat(renewed.getId()).isEqualTo(ISSUED.id());
    assertThat(renewed.getDurationSeconds()).isEqualTo(30);
    assertThat(renewed.getIssuedAt()).isEqualTo(lease.getIssuedAt());
    assertThat(renewed.getRenewedAt()).isEqualTo("2026-01-01T00:00:20Z");
    assertThat(renewed.getExpiresAt()).isEqualTo("2026-01-01T00:00:35Z");
    assertThat(DatabaseLeases.nextActionAt(renewed, 2.0 / 3)).isEqualTo(at.plusSeconds(10));
  }

  @Test
  void nearEndWhenLessThanAThirdOfTheOriginalTtlRemains() {
    LeaseStatus lease = DatabaseLeases.issued(ISSUED, T0);
    assertThat(DatabaseLeases.nearEnd(lease, T0.plusSeconds(20))).isFalse(); // 10 s = a third
    assertThat(DatabaseLeases.nearEnd(lease, T0.plusSeconds(21))).isTrue();
    // A renewal capped by the max TTL: 8 s granted of an original 30 s.
    LeaseStatus capped =
        DatabaseLeases.renewed(
            lease,
            new DatabaseLeases.Lease(ISSUED.id(), Duration.ofSeconds(8), true),
            T0.plusSeconds(52));
    assertThat(DatabaseLeases.nearEnd(capped, T0.plusSeconds(52))).isTrue();
  }

  @Test
  void expiryAndDelays() {
    LeaseStatus lease = DatabaseLeases.issued(ISSUED, T0);
    assertThat(DatabaseLeases.expired(lease, T0.plusSeconds(29))).isFalse();
    assertThat(DatabaseLeases.expired(lease, T0.plusSeconds(30))).isTrue();
    assertThat(DatabaseLeases.delayUntil(T0.plusSeconds(5), T0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(DatabaseLeases.delayUntil(T0.minusSeconds(5), T0)).isEqualTo(Duration.ofSeconds(1));
  }
}
