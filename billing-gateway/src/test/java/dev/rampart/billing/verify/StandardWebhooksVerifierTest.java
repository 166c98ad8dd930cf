package dev.rampart.billing.verify;

import static dev.rampart.billing.verify.RefusalReason.FORGED;
import static dev.rampart.billing.verify.RefusalReason.FUTURE;
import static dev.rampart.billing.verify.RefusalReason.MALFORMED_SIGNATURE;
import static dev.rampart.billing.verify.RefusalReason.MISSING_SIGNATURE;
import static dev.rampart.billing.verify.RefusalReason.OVERSIZED;
import static dev.rampart.billing.verify.RefusalReason.STALE;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rampart's Standard Webhooks verifier against signatures made by the standardwebhooks library. */
class StandardWebhooksVerifierTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String OTHER_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  static final String PAYLOAD =
      "{\"type\":\"invoice.paid\",\"timestamp\":\"2026-03-01T12:00:00Z\","
          + "\"data\":{\"invoice\":\"in_42\",\"amount\":4200,\"currency\":\"eur\",\"note\":\"Café ☕\"}}";
  static final byte[] BODY = PAYLOAD.getBytes(UTF_8);

  private final WebhookVerifier verifier = verifier(List.of(new SigningSecret(SECRET, null)));

  static WebhookVerifier verifier(List<SigningSecret> secrets) {
    return WebhookVerifier.create(
        Provider.STANDARD_WEBHOOKS, secrets, Duration.ofSeconds(300), 262_144);
  }

  /** The webhook-signature value as the standardwebhooks library signs it: {@code v1,<base64>}. */
  static String sign(String secret, String id, long timestamp, String payload) throws Exception {
    return new Webhook(secret).sign(id, timestamp, payload);
  }

  static RequestHeaders headers(String id, String timestamp, String signature) {
    return TestHeaders.of(
        "webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature);
  }

  static RequestHeaders signedHeaders(String secret, long timestamp) throws Exception {
    return headers(ID, Long.toString(timestamp), sign(secret, ID, timestamp, PAYLOAD));
  }

  static Verification refused(RefusalReason reason) {
    return new Refused(reason);
  }

  @Test
  void aSignatureMadeByTheLibraryVerifies() throws Exception {
    assertThat(verifier.verify(signedHeaders(SECRET, T), BODY, NOW)).isEqualTo(new Verified(ID, T));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 50, 100})
  void changingAnyByteOfTheBodyIsForged(int index) throws Exception {
    byte[] tampered = BODY.clone();
    tampered[index] ^= 1;

    assertThat(verifier.verify(signedHeaders(SECRET, T), tampered, NOW)).isEqualTo(refused(FORGED));
  }

  @Test
  void changingTheLastByteOfTheBodyIsForged() throws Exception {
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 1] ^= 1;

    assertThat(verifier.verify(signedHeaders(SECRET, T), tampered, NOW)).isEqualTo(refused(FORGED));
  }

  @Test
  void changingTheTimestampIdOrSecretIsForged() throws Exception {
    String signature = sign(SECRET, ID, T, PAYLOAD);

    assertThat(verifier.verify(headers(ID, Long.toString(T + 1), signature), BODY, NOW))
        .isEqualTo(refused(FORGED));
    assertThat(verifier.verify(headers(ID + "x", Long.toString(T), signature), BODY, NOW))
        .isEqualTo(refused(FORGED));
    assertThat(verifier.verify(headers("msg_other", Long.toString(T), signature), BODY, NOW))
        .isEqualTo(refused(FORGED));
    assertThat(verifier.verify(signedHeaders(OTHER_SECRET, T), BODY, NOW))
        .isEqualTo(refused(FORGED));
  }

  @Test
  void changingOneSymbolOfTheSignatureIsForged() throws Exception {
    String signature = sign(SECRET, ID, T, PAYLOAD);
    char first = signature.charAt(3);
    String tampered = "v1," + (first == 'A' ? 'B' : 'A') + signature.substring(4);

    assertThat(verifier.verify(headers(ID, Long.toString(T), tampered), BODY, NOW))
        .isEqualTo(refused(FORGED));
  }

  static Stream<Arguments> malformedHeaders() throws Exception {
    String sig = sign(SECRET, ID, T, PAYLOAD);
    String b64 = sig.substring(3);
    String t = Long.toString(T);
    // The 43rd symbol carries 2 unused bits; setting one keeps the bytes but breaks canonical form.
    char last = b64.charAt(42);
    String nonCanonical =
        b64.substring(0, 42)
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                .charAt(
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(last)
                        | 1)
            + "=";
    return Stream.of(
        Arguments.of("empty signature", ID, t, ""),
        Arguments.of("no comma", ID, t, "v1" + b64),
        Arguments.of("empty version", ID, t, "," + b64),
        Arguments.of("unknown versions only", ID, t, "v2," + b64 + " v1a," + b64),
        Arguments.of("bad base64", ID, t, "v1," + b64.substring(0, 10) + "!" + b64.substring(11)),
        Arguments.of(
            "url-safe base64", ID, t, "v1," + b64.substring(0, 10) + "-" + b64.substring(11)),
        Arguments.of("no padding", ID, t, "v1," + b64.substring(0, 43)),
        Arguments.of("extra padding", ID, t, "v1," + b64 + "="),
        Arguments.of("31 bytes", ID, t, "v1," + Base64.getEncoder().encodeToString(new byte[31])),
        Arguments.of("33 bytes", ID, t, "v1," + Base64.getEncoder().encodeToString(new byte[33])),
        Arguments.of("non-canonical last symbol", ID, t, "v1," + nonCanonical),
        Arguments.of("only v1 entries that are not HMACs", ID, t, "v1,abc v1," + b64 + "="),
        Arguments.of("double space", ID, t, sig + "  " + sig),
        Arguments.of("leading space", ID, t, " " + sig),
        Arguments.of("trailing space", ID, t, sig + " "),
        Arguments.of("tab separator", ID, t, sig + "\t" + sig),
        Arguments.of("comma separator", ID, t, sig + "," + sig),
        Arguments.of("huge header", ID, t, sig + " v1a,xyz".repeat(600)),
        Arguments.of("empty timestamp", ID, "", sig),
        Arguments.of("non-numeric timestamp", ID, "now", sig),
        Arguments.of("decimal timestamp", ID, t + ".0", sig),
        Arguments.of("negative timestamp", ID, "-" + t, sig),
        Arguments.of("plus sign", ID, "+" + t, sig),
        Arguments.of("leading zero", ID, "0" + t, sig),
        Arguments.of("spaces around the timestamp", ID, " " + t + " ", sig),
        Arguments.of("timestamp past Long.MAX_VALUE", ID, "9223372036854775808", sig),
        Arguments.of("timestamp of 20 digits", ID, "12345678901234567890", sig),
        Arguments.of("empty id", "", t, sig),
        Arguments.of("id of 256 characters", "m".repeat(256), t, sig),
        Arguments.of("id with a space", "msg 1", t, sig),
        Arguments.of("id with a NUL", "msg_\0", t, sig),
        Arguments.of("id with an unpaired surrogate", "msg_\ud800", t, sig),
        Arguments.of("id with a control character", "msg_\u007f", t, sig));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeaders")
  void malformedHeadersAreRefused(String description, String id, String timestamp, String sig) {
    assertThat(verifier.verify(headers(id, timestamp, sig), BODY, NOW))
        .isEqualTo(refused(MALFORMED_SIGNATURE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature"})
  void aMissingHeaderIsRefused(String missing) throws Exception {
    RequestHeaders complete = signedHeaders(SECRET, T);
    RequestHeaders headers = name -> name.equals(missing) ? null : complete.first(name);

    assertThat(verifier.verify(headers, BODY, NOW)).isEqualTo(refused(MISSING_SIGNATURE));
  }

  @Test
  void anIdOf255CharactersIsAcceptedAndOneOf256IsMalformedThoughSigned() throws Exception {
    String id = "m".repeat(255);
    RequestHeaders headers = headers(id, Long.toString(T), sign(SECRET, id, T, PAYLOAD));
    String longer = id + "m";
    RequestHeaders tooLong = headers(longer, Long.toString(T), sign(SECRET, longer, T, PAYLOAD));

    assertThat(verifier.verify(headers, BODY, NOW)).isEqualTo(new Verified(id, T));
    assertThat(verifier.verify(tooLong, BODY, NOW)).isEqualTo(refused(MALFORMED_SIGNATURE));
  }

  @Test
  void aNonAsciiIdIsMalformedHoweverItArrives() throws Exception {
    String id = "msg_é";
    String signature = sign(SECRET, id, T, PAYLOAD);
    // As signed, and as the JDK's server decodes the header's UTF-8 bytes (ISO-8859-1).
    String received = new String(id.getBytes(UTF_8), ISO_8859_1);

    assertThat(verifier.verify(headers(id, Long.toString(T), signature), BODY, NOW))
        .isEqualTo(refused(MALFORMED_SIGNATURE));
    assertThat(verifier.verify(headers(received, Long.toString(T), signature), BODY, NOW))
        .isEqualTo(refused(MALFORMED_SIGNATURE));
  }

  @Test
  void theTimestampMayBeUpToTheToleranceAwayInEitherDirection() throws Exception {
    for (long t : new long[] {T - 300, T + 300}) {
      assertThat(verifier.verify(signedHeaders(SECRET, t), BODY, NOW))
          .isEqualTo(new Verified(ID, t));
    }
    assertThat(verifier.verify(signedHeaders(SECRET, T - 301), BODY, NOW))
        .isEqualTo(refused(STALE));
    assertThat(verifier.verify(signedHeaders(SECRET, T + 301), BODY, NOW))
        .isEqualTo(refused(FUTURE));
  }

  @Test
  void anyV1SignatureMayMatchAndOtherVersionsAreIgnored() throws Exception {
    String good = sign(SECRET, ID, T, PAYLOAD);
    String other = sign(OTHER_SECRET, ID, T, PAYLOAD);
    String t = Long.toString(T);

    for (String header :
        List.of(
            other + " " + good,
            good + " " + other,
            "v1a,c2lnbmVkIHdpdGggZWQyNTUxOQ== " + good + " v2,anything")) {
      assertThat(verifier.verify(headers(ID, t, header), BODY, NOW))
          .as(header)
          .isEqualTo(new Verified(ID, T));
    }
    assertThat(verifier.verify(headers(ID, t, other + " " + other), BODY, NOW))
        .isEqualTo(refused(FORGED));
    // The right HMAC under another version's name does not count.
    assertThat(verifier.verify(headers(ID, t, "v2," + good.substring(3) + " " + other), BODY, NOW))
        .isEqualTo(refused(FORGED));
  }

  @Test
  void aMalformedV1BesideAValidOneDoesNotVetoItAsTheLibraryDoesNot() throws Exception {
    // The library verifies against the system clock.
    long now = Instant.now().getEpochSecond();
    String good = sign(SECRET, ID, now, PAYLOAD);
    String other = sign(OTHER_SECRET, ID, now, PAYLOAD);
    String t = Long.toString(now);

    for (String malformed :
        List.of("v1,", "v1,abc", "v1," + good.substring(4), "v1," + good.substring(3) + "=")) {
      for (String header : List.of(malformed + " " + good, good + " " + malformed)) {
        new Webhook(SECRET)
            .verify(
                PAYLOAD,
                Map.of(
                    "webhook-id", List.of(ID),
                    "webhook-timestamp", List.of(t),
                    "webhook-signature", List.of(header)));
        assertThat(verifier.verify(headers(ID, t, header), BODY, Instant.ofEpochSecond(now)))
            .as(header)
            .isEqualTo(new Verified(ID, now));
      }
      // Beside a well-formed signature that does not match, it is still forged, not malformed.
      assertThat(
              verifier.verify(
                  headers(ID, t, malformed + " " + other), BODY, Instant.ofEpochSecond(now)))
          .isEqualTo(refused(FORGED));
    }
  }

  @Test
  void bothSecretsVerifyDuringRotationAndAnExpiredOneStops() throws Exception {
    Instant previousUntil = NOW.plus(Duration.ofHours(1));
    WebhookVerifier rotating =
        verifier(
            List.of(
                new SigningSecret(SECRET, null), new SigningSecret(OTHER_SECRET, previousUntil)));

    assertThat(rotating.verify(signedHeaders(SECRET, T), BODY, NOW)).isEqualTo(new Verified(ID, T));
    assertThat(rotating.verify(signedHeaders(OTHER_SECRET, T), BODY, NOW))
        .isEqualTo(new Verified(ID, T));

    long atEnd = previousUntil.getEpochSecond();
    assertThat(rotating.verify(signedHeaders(OTHER_SECRET, atEnd), BODY, previousUntil))
        .isEqualTo(new Verified(ID, atEnd));

    Instant later = previousUntil.plusSeconds(1);
    long laterT = later.getEpochSecond();
    assertThat(rotating.verify(signedHeaders(OTHER_SECRET, laterT), BODY, later))
        .isEqualTo(refused(FORGED));
    assertThat(rotating.verify(signedHeaders(SECRET, laterT), BODY, later))
        .isEqualTo(new Verified(ID, laterT));
  }

  @Test
  void aBodyOverTheLimitIsRefusedEvenWhenSigned() throws Exception {
    WebhookVerifier small =
        WebhookVerifier.create(
            Provider.STANDARD_WEBHOOKS,
            List.of(new SigningSecret(SECRET, null)),
            Duration.ofSeconds(300),
            BODY.length);

    assertThat(small.verify(signedHeaders(SECRET, T), BODY, NOW)).isEqualTo(new Verified(ID, T));

    String bigger = PAYLOAD + " ";
    RequestHeaders headers = headers(ID, Long.toString(T), sign(SECRET, ID, T, bigger));
    assertThat(small.verify(headers, bigger.getBytes(UTF_8), NOW)).isEqualTo(refused(OVERSIZED));
  }
}
