package dev.rampart.operator.model.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.model.paymentwebhook.Gateway.Generated;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Version;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeneratedSigningTest {

  private static final Generated STORED =
      new Generated(new Version(3, "whsec_c"), Optional.of("r1"));

  private static Generated next(
      Optional<Generated> stored, Optional<State> rendered, Optional<String> requested) {
    return GeneratedSigning.next(stored, rendered, requested, () -> "whsec_new");
  }

  @Test
  void theFirstSecretIsVersionOne() {
    assertThat(next(Optional.empty(), Optional.empty(), Optional.empty()))
        .isEqualTo(new Generated(new Version(1, "whsec_new"), Optional.empty()));
  }

  @Test
  void aStoredSecretIsKeptWhileNoNewRotationIsRequested() {
    assertThat(next(Optional.of(STORED), Optional.empty(), Optional.of("r1"))).isEqualTo(STORED);
    assertThat(next(Optional.of(STORED), Optional.empty(), Optional.empty())).isEqualTo(STORED);
  }

  @Test
  void aNewRequestMakesTheNextVersionOnce() {
    Generated rotated = next(Optional.of(STORED), Optional.empty(), Optional.of("r2"));
    assertThat(rotated).isEqualTo(new Generated(new Version(4, "whsec_new"), Optional.of("r2")));
    assertThat(next(Optional.of(rotated), Optional.empty(), Optional.of("r2"))).isEqualTo(rotated);
  }

  @Test
  void aLostSecretIsRestoredFromTheGatewayRatherThanReplaced() {
    State rendered = new State(new Version(3, "whsec_c"), Optional.empty());
    assertThat(next(Optional.empty(), Optional.of(rendered), Optional.of("r1"))).isEqualTo(STORED);
  }

  @Test
  void rotationIsDueOnlyForARequestNotYetAnswered() {
    assertThat(GeneratedSigning.rotationDue(Optional.empty(), Optional.of("r1"))).isFalse();
    assertThat(GeneratedSigning.rotationDue(Optional.of("r1"), Optional.of("r1"))).isFalse();
    assertThat(GeneratedSigning.rotationDue(Optional.of("r2"), Optional.of("r1"))).isTrue();
    assertThat(GeneratedSigning.rotationDue(Optional.of("r1"), Optional.empty())).isTrue();
  }
}
