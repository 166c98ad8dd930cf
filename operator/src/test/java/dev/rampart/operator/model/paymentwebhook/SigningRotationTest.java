package dev.rampart.operator.model.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.model.paymentwebhook.SigningRotation.Previous;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Source;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SigningRotationTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.250Z");
  private static final Duration DAY = Duration.ofHours(24);

  private static Source kv(long version, String value) {
    return new Source(OptionalLong.of(version), value);
  }

  private static Source secret(String value) {
    return new Source(OptionalLong.empty(), value);
  }

  private static State state(Version current, Previous previous) {
    return new State(current, Optional.ofNullable(previous));
  }

  @Test
  void theFirstVersionIsTheSourcesOrOne() {
    assertThat(SigningRotation.next(Optional.empty(), kv(4, "a"), NOW, DAY))
        .isEqualTo(state(new Version(4, "a"), null));
    assertThat(SigningRotation.next(Optional.empty(), secret("a"), NOW, DAY))
        .isEqualTo(state(new Version(1, "a"), null));
  }

  @Test
  void anUnchangedSourceChangesNothing() {
    State rendered =
        state(new Version(2, "b"), new Previous(new Version(1, "a"), NOW.plusSeconds(60)));
    assertThat(SigningRotation.next(Optional.of(rendered), kv(2, "b"), NOW, DAY))
        .isEqualTo(rendered);
    assertThat(SigningRotation.next(Optional.of(rendered), secret("b"), NOW, DAY))
        .isEqualTo(rendered);
  }

  @Test
  void aNewVersionKeepsTheOldOneForTheGracePeriod() {
    State rendered = state(new Version(1, "a"), null);
    Instant until = Instant.parse("2026-03-02T10:00:00Z");
    assertThat(SigningRotation.next(Optional.of(rendered), kv(3, "c"), NOW, DAY))
        .isEqualTo(state(new Version(3, "c"), new Previous(new Version(1, "a"), until)));
    // A Secret has no versions: Rampart counts them.
    assertThat(SigningRotation.next(Optional.of(rendered), secret("c"), NOW, DAY))
        .isEqualTo(state(new Version(2, "c"), new Previous(new Version(1, "a"), until)));
  }

  @Test
  void theReplacedVersionIsDroppedWhenANewerOneArrives() {
    State rendered =
        state(
            new Version(2, "b"), new Previous(new Version(1, "a"), NOW.plus(Duration.ofHours(3))));
    State next = SigningRotation.next(Optional.of(rendered), kv(3, "c"), NOW, DAY);
    assertThat(next.previous().orElseThrow().version()).isEqualTo(new Version(2, "b"));
  }

  @Test
  void thePreviousVersionDropsOutWhenItsGracePeriodEnds() {
    Instant until = NOW.plusSeconds(30);
    State rendered = state(new Version(2, "b"), new Previous(new Version(1, "a"), until));
    assertThat(SigningRotation.nextChange(rendered)).contains(until);
    assertThat(SigningRotation.next(Optional.of(rendered), kv(2, "b"), until.minusMillis(1), DAY))
        .isEqualTo(rendered);
    State after = SigningRotation.next(Optional.of(rendered), kv(2, "b"), until, DAY);
    assertThat(after).isEqualTo(state(new Version(2, "b"), null));
    assertThat(SigningRotation.nextChange(after)).isEmpty();
  }

  @Test
  void noGracePeriodMeansNoOverlap() {
    State rendered = state(new Version(1, "a"), null);
    assertThat(SigningRotation.next(Optional.of(rendered), kv(2, "b"), NOW, Duration.ZERO))
        .isEqualTo(state(new Version(2, "b"), null));
  }

  @Test
  void aHandEditOfTheSameVersionIsRepairedWithoutARotation() {
    State rendered = state(new Version(5, "edited"), null);
    assertThat(SigningRotation.next(Optional.of(rendered), kv(5, "real"), NOW, DAY))
        .isEqualTo(state(new Version(5, "real"), null));
  }

  @Test
  void valuesNeverAppearInText() {
    State state =
        state(new Version(2, "whsec_new"), new Previous(new Version(1, "whsec_old"), NOW));
    assertThat(state.toString()).doesNotContain("whsec_");
    assertThat(kv(1, "whsec_x").toString()).doesNotContain("whsec_");
  }
}
