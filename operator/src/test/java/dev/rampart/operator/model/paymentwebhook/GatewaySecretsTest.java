package dev.rampart.operator.model.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.Provider;
import dev.rampart.operator.model.paymentwebhook.Gateway.Generated;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Version;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewaySecretsTest {

  @Test
  void generatedSecretsAreStandardWebhooksKeysOf32RandomBytes() {
    SecureRandom random = new SecureRandom();
    String one = GatewaySecrets.generate(random);
    assertThat(one).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(one.substring("whsec_".length()))).hasSize(32);
    assertThat(GatewaySecrets.generate(random)).isNotEqualTo(one);
  }

  @Test
  void theGatewaySecretHoldsTheFilesAndRemembersTheRotation() {
    Gateway gateway =
        GatewayConfigTest.gateway(
            Webhooks.stripe("team-a", "payments"), GatewayConfigTest.rotated());
    Secret secret = GatewaySecrets.gateway(gateway);
    assertThat(secret.getMetadata().getName()).isEqualTo("payments-gateway");
    assertThat(secret.getData()).containsOnlyKeys("signing-v3", "signing-v2", "forward");
    assertThat(GatewaySecrets.value(secret, "signing-v2")).contains("whsec_previous");
    assertThat(GatewaySecrets.rendered(secret)).contains(GatewayConfigTest.rotated());
  }

  @Test
  void anIncompleteGatewaySecretIsNoState() {
    Secret secret =
        GatewaySecrets.gateway(
            GatewayConfigTest.gateway(
                Webhooks.stripe("team-a", "payments"), GatewayConfigTest.rotated()));
    secret.getData().remove("signing-v3");
    assertThat(GatewaySecrets.rendered(secret)).isEmpty();
    secret.getMetadata().getAnnotations().put("rampart.dev/signing-version", "three");
    assertThat(GatewaySecrets.rendered(secret)).isEmpty();
  }

  @Test
  void forwardingAndGeneratedSecretsGetTheirOwnSecrets() {
    PaymentWebhook webhook = Webhooks.stripe("team-a", "payments");
    State signing = new State(new Version(2, "whsec_b"), Optional.empty());
    Generated generated = new Generated(new Version(2, "whsec_b"), Optional.of("r1"));
    Gateway gateway =
        new Gateway(
            webhook,
            "image",
            signing,
            Optional.of(generated),
            Optional.of("whsec_forward"),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty());
    List<Secret> secrets = GatewaySecrets.desired(gateway);
    assertThat(secrets)
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("payments-gateway", "payments-forward-signing", "payments-signing");
    assertThat(GatewaySecrets.value(secrets.get(1), GatewaySecrets.SIGNING_SECRET_KEY))
        .contains("whsec_forward");
    assertThat(GatewaySecrets.generated(secrets.get(2))).contains(generated);
  }

  @Test
  void withoutForwardOrGenerationOnlyTheGatewaySecret() {
    Gateway gateway =
        GatewayConfigTest.gateway(
            Webhooks.minimal("team-a", "hooks", Provider.STRIPE),
            new State(new Version(1, "whsec_a"), Optional.empty()));
    assertThat(GatewaySecrets.desired(gateway)).hasSize(1);
  }
}
