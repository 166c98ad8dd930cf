package dev.rampart.billing.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract the rest of the gateway codes against. */
class WebhookVerifierTest {

  static final Duration TOLERANCE = Duration.ofSeconds(300);

  @Test
  void providersAreNamedAsInTheConfiguration() {
    assertThat(Provider.fromConfig("stripe")).isEqualTo(Provider.STRIPE);
    assertThat(Provider.fromConfig("standard-webhooks")).isEqualTo(Provider.STANDARD_WEBHOOKS);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "Stripe", "STRIPE", "standard_webhooks", "svix"})
  void otherProviderNamesAreRejected(String name) {
    assertThatThrownBy(() -> Provider.fromConfig(name))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusalReasonsHaveMetricLabels() {
    assertThat(Arrays.stream(RefusalReason.values()).map(RefusalReason::label))
        .containsExactly(
            "missing_signature", "malformed_signature", "stale", "future", "oversized", "forged");
  }

  @Test
  void aSigningSecretNeverShowsItsValue() {
    SigningSecret secret =
        new SigningSecret("whsec_topSecretValue", Instant.parse("2026-11-23T12:00:00Z"));

    assertThat(secret.toString()).doesNotContain("topSecretValue").contains("2026-11-23T12:00:00Z");
  }

  @Test
  void createRejectsAnUnusableConfiguration() {
    List<SigningSecret> one = List.of(new SigningSecret("whsec_abc", null));

    assertThatThrownBy(() -> WebhookVerifier.create(Provider.STRIPE, List.of(), TOLERANCE, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> WebhookVerifier.create(Provider.STRIPE, one, Duration.ofSeconds(-1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookVerifier.create(Provider.STRIPE, one, TOLERANCE, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " whsec_stripeSecret", "whsec_stripeSecret\n"})
  void aMalformedStripeSecretIsRejectedWithoutQuotingIt(String bad) {
    List<SigningSecret> secrets =
        List.of(new SigningSecret("whsec_fine", null), new SigningSecret(bad, null));

    assertThatThrownBy(() -> WebhookVerifier.create(Provider.STRIPE, secrets, TOLERANCE, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasNoCause()
        .hasMessageStartingWith("signing secret #2")
        .message()
        .doesNotContain("stripeSecret");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c3dTZWNyZXRLZXk=",
        "whsec_c3dTZWNy%XRLZXk=",
        "whsec_",
        "whsec_c3dTZWNyZXRLZXk=\n"
      })
  void aMalformedStandardWebhooksSecretIsRejectedWithoutQuotingIt(String bad) {
    List<SigningSecret> secrets = List.of(new SigningSecret(bad, null));

    assertThatThrownBy(
            () -> WebhookVerifier.create(Provider.STANDARD_WEBHOOKS, secrets, TOLERANCE, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasNoCause()
        .hasMessageStartingWith("signing secret #1")
        .message()
        .doesNotContain("c3dTZWNy")
        .doesNotContain("XRLZXk");
  }

  @Test
  void oneVerifierServesManyThreadsAtOnce() throws Exception {
    // A Mac shared between threads would mix their inputs and turn good signatures into forgeries.
    WebhookVerifier verifier =
        WebhookVerifier.create(
            Provider.STANDARD_WEBHOOKS,
            List.of(new SigningSecret(StandardWebhooksVerifierTest.SECRET, null)),
            TOLERANCE,
            1 << 16);
    StandardWebhooksSigner signer = new StandardWebhooksSigner(StandardWebhooksVerifierTest.SECRET);
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    long t = now.getEpochSecond();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        workers.add(
            () -> {
              int wrong = 0;
              for (int i = 0; i < 2_000; i++) {
                String id = "msg_" + worker + "_" + i;
                byte[] body =
                    ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 700) + "\"}").getBytes(UTF_8);
                String signature = signer.sign(id, t, body);
                boolean forge = i % 3 == 0;
                if (forge) {
                  body[body.length - 1] ^= 1;
                }
                Verification result =
                    verifier.verify(
                        TestHeaders.of(
                            "webhook-id", id,
                            "webhook-timestamp", Long.toString(t),
                            "webhook-signature", signature),
                        body,
                        now);
                Verification expected =
                    forge ? new Refused(RefusalReason.FORGED) : new Verified(id, t);
                if (!result.equals(expected)) {
                  wrong++;
                }
              }
              return wrong;
            });
      }
      for (Future<Integer> result : pool.invokeAll(workers)) {
        assertThat(result.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
