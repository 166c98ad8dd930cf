package dev.rampart.operator.model.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.auth.ClientSecretRotation;
import dev.rampart.operator.model.auth.ClientSecretSchedule.Decision;
import dev.rampart.operator.model.auth.ClientSecretSchedule.Keep;
import dev.rampart.operator.model.auth.ClientSecretSchedule.Refused;
import dev.rampart.operator.model.auth.ClientSecretSchedule.Replace;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientSecretScheduleTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private static Optional<ClientSecretRotation> rotation(String maxAge, String overlap) {
    ClientSecretRotation rotation = new ClientSecretRotation();
    rotation.setMaxAge(maxAge);
    rotation.setOverlap(overlap);
    return Optional.of(rotation);
  }

  private static Decision decide(
      Optional<ClientSecretRotation> rotation, Instant created, String requested) {
    return ClientSecretSchedule.decide(
        rotation, Optional.of(created), Optional.ofNullable(requested), NOW);
  }

  @Test
  void aSecretIsReplacedWhenOnlyItsOverlapIsLeftSoTheReplacedOneEndsAtMaxAge() {
    Optional<ClientSecretRotation> rotation = rotation("2160h", "24h");
    Instant created = NOW.minus(Duration.ofDays(89)).plusSeconds(1);
    assertThat(decide(rotation, created, null))
        .isEqualTo(new Keep(Optional.of(created.plus(Duration.ofDays(89)))));
    assertThat(decide(rotation, NOW.minus(Duration.ofDays(89)), null)).isInstanceOf(Replace.class);
    assertThat(decide(rotation, NOW.minus(Duration.ofDays(400)), null)).isInstanceOf(Replace.class);
  }

  @Test
  void withoutRotationASecretIsKeptAndNeverDue() {
    assertThat(decide(Optional.empty(), NOW.minus(Duration.ofDays(4000)), null))
        .isEqualTo(new Keep(Optional.empty()));
  }

  @Test
  void aSecretOfUnknownAgeIsReplacedOnlyWhereTheRealmLimitsAge() {
    assertThat(
            ClientSecretSchedule.decide(
                rotation("2h", "1m"), Optional.empty(), Optional.empty(), NOW))
        .isInstanceOf(Replace.class);
    assertThat(
            ClientSecretSchedule.decide(Optional.empty(), Optional.empty(), Optional.empty(), NOW))
        .isEqualTo(new Keep(Optional.empty()));
  }

  @Test
  void theAnnotationAsksForASecretNewerThanItsTimeSoItIsFollowedOnce() {
    String requested = NOW.minusSeconds(60).toString();
    assertThat(decide(Optional.empty(), NOW.minusSeconds(61), requested))
        .isInstanceOf(Replace.class);
    // Once replaced, the secret is newer than the request: a crash and a retry replace it no more.
    assertThat(decide(Optional.empty(), NOW.minusSeconds(60), requested))
        .isEqualTo(new Keep(Optional.empty()));
    assertThat(decide(rotation("2h", "1m"), NOW.minusSeconds(30), requested))
        .isEqualTo(new Keep(Optional.of(NOW.minusSeconds(30).plus(Duration.ofMinutes(119)))));
  }

  @Test
  void anAnnotationThatIsNoTimeOrOneInTheFutureIsRefusedWithTheReason() {
    Decision notATime = decide(Optional.empty(), NOW.minusSeconds(60), "tomorrow");
    assertThat(notATime).isInstanceOf(Refused.class);
    assertThat(((Refused) notATime).message())
        .contains("rampart.dev/rotate-secret", "2026-01-31T12:00:00Z", "tomorrow");
    Decision future =
        decide(Optional.empty(), NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)).toString());
    assertThat(future).isInstanceOf(Refused.class);
    assertThat(((Refused) future).message()).contains("in the future");
  }

  @Test
  void aRequestWithinTheSecondTheSecretWasMadeIsAlreadyFollowed() {
    // Keycloak keeps whole seconds: a secret made at 11:59:00.9 says 11:59:00.
    assertThat(decide(Optional.empty(), NOW.minusSeconds(60), NOW.minusMillis(59_100).toString()))
        .isEqualTo(new Keep(Optional.empty()));
  }
}
