package dev.rampart.billing.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardWebhooksSignerTest {

  static final String SECRET = StandardWebhooksVerifierTest.SECRET;
  static final String ID = "evt_1NG8Du2eZvKYlo2CUI79vXWy";
  static final String PAYLOAD = StandardWebhooksVerifierTest.PAYLOAD;

  private final StandardWebhooksSigner signer = new StandardWebhooksSigner(SECRET);

  @Test
  void signsExactlyAsTheLibraryDoes() throws Exception {
    long timestamp = 1_772_366_400L;

    assertThat(signer.sign(ID, timestamp, PAYLOAD.getBytes(UTF_8)))
        .isEqualTo(new Webhook(SECRET).sign(ID, timestamp, PAYLOAD));
  }

  @Test
  void rampartsVerifierAcceptsWhatItSigns() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    long timestamp = now.getEpochSecond();
    byte[] body = PAYLOAD.getBytes(UTF_8);
    WebhookVerifier verifier =
        WebhookVerifier.create(
            Provider.STANDARD_WEBHOOKS,
            List.of(new SigningSecret(SECRET, null)),
            Duration.ofMinutes(5),
            body.length);
    RequestHeaders headers =
        TestHeaders.of(
            "webhook-id", ID,
            "webhook-timestamp", Long.toString(timestamp),
            "webhook-signature", signer.sign(ID, timestamp, body));

    assertThat(verifier.verify(headers, body, now)).isEqualTo(new Verified(ID, timestamp));
  }

  @Test
  void theLibrarysVerifyAcceptsWhatItSigns() throws Exception {
    // The library checks the timestamp against the system clock, so the delivery is signed now.
    long timestamp = Instant.now().getEpochSecond();
    String signature = signer.sign(ID, timestamp, PAYLOAD.getBytes(UTF_8));
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of(ID),
            "webhook-timestamp", List.of(Long.toString(timestamp)),
            "webhook-signature", List.of(signature));

    assertThatNoException().isThrownBy(() -> new Webhook(SECRET).verify(PAYLOAD, headers));
  }

  @Test
  void deliveriesSignedWithAnotherSecretDoNotVerify() throws Exception {
    long timestamp = Instant.now().getEpochSecond();
    String signature =
        new StandardWebhooksSigner(StandardWebhooksVerifierTest.OTHER_SECRET)
            .sign(ID, timestamp, PAYLOAD.getBytes(UTF_8));
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of(ID),
            "webhook-timestamp", List.of(Long.toString(timestamp)),
            "webhook-signature", List.of(signature));

    assertThatThrownBy(() -> new Webhook(SECRET).verify(PAYLOAD, headers))
        .isInstanceOf(com.standardwebhooks.exceptions.WebhookVerificationException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", // no whsec_ prefix
        "whsec_MfKQ9r8GKYqrTwjU*D8ILPZIo2LaLaSw", // not base64
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La LaSw",
        "whsec_",
        "whsec_====",
        "sk_live_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
      })
  void aMalformedSecretIsRefusedWithoutQuotingIt(String secret) {
    assertThatThrownBy(() -> new StandardWebhooksSigner(secret))
        .isInstanceOf(IllegalArgumentException.class)
        .hasNoCause()
        .message()
        .doesNotContain(secret)
        .doesNotContain("MfKQ9r8G")
        .doesNotContain("LaLaSw");
  }

  @Test
  void refusesIdsAndTimestampsNoVerifierWouldAccept() {
    byte[] body = PAYLOAD.getBytes(UTF_8);

    assertThatThrownBy(() -> signer.sign("", 1, body)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("m".repeat(256), 1, body))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("msg_é", 1, body))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign(ID, -1, body))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
