package dev.rampart.operator.model.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.auth.SigningKeyStatus;
import dev.rampart.operator.api.auth.SigningKeys;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeyModelTest {

  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  private static SigningKeys generation(long generation) {
    SigningKeys keys = new SigningKeys();
    keys.setGeneration(generation);
    keys.setOverlap("24h");
    return keys;
  }

  @Test
  void aNewGenerationTurnsTheActiveKeyPassiveFromNow() {
    List<SigningKeyStatus> next =
        SigningKeyModel.statuses(generation(2), List.of(new SigningKeyStatus(1, null)), NOW);
    assertThat(next)
        .containsExactly(new SigningKeyStatus(2, null), new SigningKeyStatus(1, NOW.toString()));
    List<SigningKeyModel.Key> keys = SigningKeyModel.keys(generation(2), next);
    assertThat(keys)
        .extracting(SigningKeyModel.Key::name)
        .containsExactly("rampart-signing-2", "rampart-signing-1");
    assertThat(keys.get(0).config().get("active")).containsExactly("true");
    assertThat(keys.get(1).config().get("active")).containsExactly("false");
    // The newer key outranks the older one, so Keycloak signs with it.
    assertThat(Integer.parseInt(keys.get(0).config().get("priority").get(0)))
        .isGreaterThan(Integer.parseInt(keys.get(1).config().get("priority").get(0)));
  }

  @Test
  void aPassiveKeyGoesOnceItsOverlapHasPassed() {
    SigningKeyStatus retired = new SigningKeyStatus(1, NOW.minusSeconds(24 * 3600).toString());
    assertThat(SigningKeyModel.statuses(generation(2), List.of(retired), NOW))
        .containsExactly(new SigningKeyStatus(2, null));
    SigningKeyStatus recent = new SigningKeyStatus(1, NOW.minusSeconds(3600).toString());
    assertThat(SigningKeyModel.statuses(generation(2), List.of(recent), NOW)).contains(recent);
  }

  @Test
  void ecdsaKeysUseTheP256Curve() {
    SigningKeys keys = generation(1);
    keys.setAlgorithm("ES256");
    SigningKeyModel.Key key =
        SigningKeyModel.keys(keys, List.of(new SigningKeyStatus(1, null))).get(0);
    assertThat(key.providerId()).isEqualTo("ecdsa-generated");
    assertThat(key.config().get("ecdsaEllipticCurveKey")).containsExactly("P-256");
  }
}
