package dev.rampart.billing.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Header parsing and verification for both providers on fuzzed requests: every request gets a
 * verdict (no exception, no null), and whatever Rampart accepts, the provider's own library accepts
 * too. Half of the inputs carry a real signature so that the fuzzer reaches the accepting paths.
 *
 * <p>Plain {@code mvn test} only replays the seeds; the build's {@code fuzz-verifiers} execution
 * sets {@code JAZZER_FUZZ} and fuzzes for {@code maxDuration}.
 */
class VerifierFuzzTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final long T = NOW.getEpochSecond();
  private static final long TOLERANCE = 300;
  private static final String STRIPE_SECRET = StripeVerifierTest.SECRET;
  private static final String SWH_SECRET = StandardWebhooksVerifierTest.SECRET;
  private static final WebhookVerifier STRIPE =
      WebhookVerifier.create(
          Provider.STRIPE,
          List.of(new SigningSecret(STRIPE_SECRET, null)),
          Duration.ofSeconds(TOLERANCE),
          2048);
  private static final WebhookVerifier STANDARD_WEBHOOKS =
      WebhookVerifier.create(
          Provider.STANDARD_WEBHOOKS,
          List.of(new SigningSecret(SWH_SECRET, null)),
          Duration.ofSeconds(TOLERANCE),
          2048);

  @FuzzTest(maxDuration = "30s")
  void everyRequestGetsAVerdict(FuzzedDataProvider data) throws Exception {
    if (data.consumeBoolean()) {
      stripe(data);
    } else {
      standardWebhooks(data);
    }
  }

  private static void stripe(FuzzedDataProvider data) throws Exception {
    boolean signed = data.consumeBoolean();
    String timestamp = timestamp(data);
    String before = data.consumeString(24);
    String between = data.consumeString(24);
    String after = data.consumeString(24);
    String payload = data.consumeString(2100);
    String header =
        signed
            ? before
                + "t="
                + timestamp
                + between
                + "v1="
                + Webhook.Util.computeHmacSha256(STRIPE_SECRET, timestamp + "." + payload)
                + after
            : before + between + after;

    Verification verdict =
        STRIPE.verify(TestHeaders.of("stripe-signature", header), payload.getBytes(UTF_8), NOW);

    if (check(verdict) instanceof Verified verified) {
      assertThat(verified.webhookId()).isNull();
      assertThat(
              Webhook.Signature.verifyHeader(
                  payload, header, STRIPE_SECRET, TOLERANCE, Clock.fixed(NOW, ZoneOffset.UTC)))
          .isTrue();
    }
  }

  private static void standardWebhooks(FuzzedDataProvider data) throws Exception {
    boolean signed = data.consumeBoolean();
    long signedTimestamp = data.consumeLong(0, Long.MAX_VALUE);
    String timestamp = data.consumeBoolean() ? timestamp(data) : Long.toString(signedTimestamp);
    String id =
        data.consumeBoolean() ? "msg_" + data.consumeAsciiString(12) : data.consumeString(300);
    String before = data.consumeString(24);
    String after = data.consumeString(24);
    String payload = data.consumeString(2100);
    String signature =
        signed ? before + librarySignature(id, signedTimestamp, payload) + after : before + after;
    RequestHeaders headers =
        TestHeaders.of(
            "webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature);

    Verification verdict = STANDARD_WEBHOOKS.verify(headers, payload.getBytes(UTF_8), NOW);

    if (check(verdict) instanceof Verified verified) {
      assertThat(verified.webhookId()).isEqualTo(id);
      assertThat(Long.toString(verified.timestampSeconds())).isEqualTo(timestamp);
      // The library's verify reads the system clock, so its signature stands in as the oracle.
      assertThat(Arrays.asList(signature.split(" ")))
          .contains(librarySignature(id, verified.timestampSeconds(), payload));
    }
  }

  /** Near the fixed now (so within, just outside or far outside the tolerance), or any text. */
  private static String timestamp(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 2)) {
      case 0 -> Long.toString(T + data.consumeInt(-2 * (int) TOLERANCE, 2 * (int) TOLERANCE));
      case 1 -> Long.toString(data.consumeLong());
      default -> data.consumeAsciiString(24);
    };
  }

  private static String librarySignature(String id, long timestamp, String payload)
      throws Exception {
    return new com.standardwebhooks.Webhook(SWH_SECRET).sign(id, timestamp, payload);
  }

  private static Verification check(Verification verdict) {
    assertThat(verdict).isNotNull();
    switch (verdict) {
      case Verified verified ->
          assertThat(Math.abs(verified.timestampSeconds() - T)).isLessThanOrEqualTo(TOLERANCE);
      case Refused refused -> assertThat(refused.reason()).isNotNull();
    }
    return verdict;
  }
}
