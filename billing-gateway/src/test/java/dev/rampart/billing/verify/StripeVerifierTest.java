package dev.rampart.billing.verify;

import static dev.rampart.billing.verify.RefusalReason.FORGED;
import static dev.rampart.billing.verify.RefusalReason.FUTURE;
import static dev.rampart.billing.verify.RefusalReason.MALFORMED_SIGNATURE;
import static dev.rampart.billing.verify.RefusalReason.MISSING_SIGNATURE;
import static dev.rampart.billing.verify.RefusalReason.OVERSIZED;
import static dev.rampart.billing.verify.RefusalReason.STALE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rampart's Stripe verifier against signatures made by stripe-java itself. */
class StripeVerifierTest {

  static final String SECRET = "whsec_rampartTestSecretForStripe0123456789";
  static final String OTHER_SECRET = "whsec_rampartOtherSecretForStripe987654321";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final String PAYLOAD =
      "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\",\"type\":\"charge.succeeded\","
          + "\"data\":{\"object\":{\"amount\":1200,\"currency\":\"eur\",\"description\":\"Café ☕\"}}}";
  static final byte[] BODY = PAYLOAD.getBytes(UTF_8);

  private final WebhookVerifier verifier = verifier(List.of(new SigningSecret(SECRET, null)));

  static WebhookVerifier verifier(List<SigningSecret> secrets) {
    return WebhookVerifier.create(Provider.STRIPE, secrets, Duration.ofSeconds(300), 262_144);
  }

  /** The whole header as stripe-java generates it. */
  static String stripeHeader(String payload, String secret, long timestamp) throws Exception {
    return Webhook.Signature.generateSignatureHeader(payload, secret, timestamp);
  }

  /** One v1 signature as stripe-java computes it. */
  static String v1(String payload, String secret, long timestamp) throws Exception {
    return Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
  }

  static RequestHeaders signature(String header) {
    return TestHeaders.of("stripe-signature", header);
  }

  static Verification refused(RefusalReason reason) {
    return new Refused(reason);
  }

  @Test
  void aSignatureMadeByStripeJavaVerifies() throws Exception {
    String header = stripeHeader(PAYLOAD, SECRET, T);
    // The fixture is what stripe-java itself accepts.
    assertThat(
            Webhook.Signature.verifyHeader(
                PAYLOAD, header, SECRET, 300, Clock.fixed(NOW, ZoneOffset.UTC)))
        .isTrue();

    assertThat(verifier.verify(signature(header), BODY, NOW)).isEqualTo(new Verified(null, T));
  }

  @Test
  void theSignatureCoversTheRawBytesNotADecodedString() throws Exception {
    byte[] notUtf8 = {'{', '"', 'a', '"', ':', (byte) 0xff, (byte) 0xfe, '}'};
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
    mac.update((T + ".").getBytes(UTF_8));
    String hex = HexFormat.of().formatHex(mac.doFinal(notUtf8));

    assertThat(verifier.verify(signature("t=" + T + ",v1=" + hex), notUtf8, NOW))
        .isEqualTo(new Verified(null, T));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 40, 90})
  void changingAnyByteOfTheBodyIsForged(int index) throws Exception {
    String header = stripeHeader(PAYLOAD, SECRET, T);
    byte[] tampered = BODY.clone();
    tampered[index] ^= 1;

    assertThat(verifier.verify(signature(header), tampered, NOW)).isEqualTo(refused(FORGED));
  }

  @Test
  void changingTheLastByteOfTheBodyIsForged() throws Exception {
    byte[] tampered = BODY.clone();
    tampered[tampered.length - 1] ^= 1;

    assertThat(verifier.verify(signature(stripeHeader(PAYLOAD, SECRET, T)), tampered, NOW))
        .isEqualTo(refused(FORGED));
  }

  @Test
  void movingTheTimestampIsForged() throws Exception {
    String header = "t=" + (T - 1) + ",v1=" + v1(PAYLOAD, SECRET, T);

    assertThat(verifier.verify(signature(header), BODY, NOW)).isEqualTo(refused(FORGED));
  }

  @Test
  void anotherSecretsSignatureIsForged() throws Exception {
    assertThat(verifier.verify(signature(stripeHeader(PAYLOAD, OTHER_SECRET, T)), BODY, NOW))
        .isEqualTo(refused(FORGED));
    // The secret is the whole string: the same suffix without the prefix is another key.
    assertThat(
            verifier.verify(
                signature(stripeHeader(PAYLOAD, SECRET.substring("whsec_".length()), T)),
                BODY,
                NOW))
        .isEqualTo(refused(FORGED));
  }

  @Test
  void changingOneDigitOfTheSignatureIsForged() throws Exception {
    String good = v1(PAYLOAD, SECRET, T);
    char last = good.charAt(63);
    String bad = good.substring(0, 63) + (last == '0' ? '1' : '0');

    assertThat(verifier.verify(signature("t=" + T + ",v1=" + bad), BODY, NOW))
        .isEqualTo(refused(FORGED));
  }

  static Stream<Arguments> malformedHeaders() throws Exception {
    String sig = v1(PAYLOAD, SECRET, T);
    String t = Long.toString(T);
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("no t", "v1=" + sig),
        Arguments.of("no v1", "t=" + t),
        Arguments.of("unknown schemes only", "t=" + t + ",v0=" + sig + ",v2=" + sig),
        Arguments.of("non-hex v1", "t=" + t + ",v1=" + sig.substring(0, 63) + "g"),
        Arguments.of("upper-case hex", "t=" + t + ",v1=" + sig.toUpperCase()),
        Arguments.of("v1 too short", "t=" + t + ",v1=" + sig.substring(1)),
        Arguments.of("v1 too long", "t=" + t + ",v1=" + sig + "00"),
        Arguments.of("empty v1", "t=" + t + ",v1="),
        Arguments.of("duplicate t", "t=" + t + ",t=" + t + ",v1=" + sig),
        Arguments.of("space after comma", "t=" + t + ", v1=" + sig),
        Arguments.of("leading space", " t=" + t + ",v1=" + sig),
        Arguments.of("trailing space", "t=" + t + ",v1=" + sig + " "),
        Arguments.of("space in t", "t= " + t + ",v1=" + sig),
        Arguments.of("semicolons", "t=" + t + ";v1=" + sig),
        Arguments.of("trailing comma", "t=" + t + ",v1=" + sig + ","),
        Arguments.of("empty element", "t=" + t + ",,v1=" + sig),
        Arguments.of("element without =", "t=" + t + ",v1,v1=" + sig),
        Arguments.of("empty key", "t=" + t + ",=x,v1=" + sig),
        Arguments.of("empty t", "t=,v1=" + sig),
        Arguments.of("non-numeric t", "t=now,v1=" + sig),
        Arguments.of("decimal t", "t=" + t + ".5,v1=" + sig),
        Arguments.of("negative t", "t=-" + t + ",v1=" + sig),
        Arguments.of("plus sign", "t=+" + t + ",v1=" + sig),
        Arguments.of("leading zero", "t=0" + t + ",v1=" + sig),
        Arguments.of("t past Long.MAX_VALUE", "t=9223372036854775808,v1=" + sig),
        Arguments.of("t of 20 digits", "t=12345678901234567890,v1=" + sig),
        Arguments.of("huge header", "t=" + t + ",v1=" + sig + ",v0=" + "a".repeat(5000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedHeaders")
  void malformedHeadersAreRefused(String description, String header) {
    assertThat(verifier.verify(signature(header), BODY, NOW))
        .isEqualTo(refused(MALFORMED_SIGNATURE));
  }

  @Test
  void aMissingHeaderIsRefused() {
    assertThat(verifier.verify(TestHeaders.of("webhook-signature", "v1,x"), BODY, NOW))
        .isEqualTo(refused(MISSING_SIGNATURE));
  }

  @Test
  void theTimestampMayBeUpToTheToleranceAwayInEitherDirection() throws Exception {
    for (long t : new long[] {T - 300, T + 300}) {
      assertThat(verifier.verify(signature(stripeHeader(PAYLOAD, SECRET, t)), BODY, NOW))
          .isEqualTo(new Verified(null, t));
    }
    assertThat(verifier.verify(signature(stripeHeader(PAYLOAD, SECRET, T - 301)), BODY, NOW))
        .isEqualTo(refused(STALE));
    assertThat(verifier.verify(signature(stripeHeader(PAYLOAD, SECRET, T + 301)), BODY, NOW))
        .isEqualTo(refused(FUTURE));
    assertThat(verifier.verify(signature(stripeHeader(PAYLOAD, SECRET, 1)), BODY, NOW))
        .isEqualTo(refused(STALE));
  }

  @Test
  void aZeroToleranceAcceptsOnlyTheCurrentSecond() throws Exception {
    WebhookVerifier strict =
        WebhookVerifier.create(
            Provider.STRIPE, List.of(new SigningSecret(SECRET, null)), Duration.ZERO, 1024);

    assertThat(
            strict.verify(signature(stripeHeader(PAYLOAD, SECRET, T)), BODY, NOW.plusMillis(999)))
        .isEqualTo(new Verified(null, T));
    assertThat(strict.verify(signature(stripeHeader(PAYLOAD, SECRET, T - 1)), BODY, NOW))
        .isEqualTo(refused(STALE));
  }

  @Test
  void aFarFutureTimestampIsRefusedAsFutureWithoutOverflow() throws Exception {
    long farFuture = Long.MAX_VALUE;
    String header = "t=" + farFuture + ",v1=" + v1(PAYLOAD, SECRET, farFuture);

    assertThat(verifier.verify(signature(header), BODY, NOW)).isEqualTo(refused(FUTURE));
    assertThat(verifier.verify(signature(header), BODY, Instant.MIN)).isEqualTo(refused(FUTURE));
  }

  @Test
  void anyOfSeveralV1SignaturesMayMatch() throws Exception {
    String good = v1(PAYLOAD, SECRET, T);
    String other = v1(PAYLOAD, OTHER_SECRET, T);
    String v0 = v1(PAYLOAD, "whsec_v0", T);

    for (String header :
        List.of(
            "t=" + T + ",v1=" + other + ",v1=" + good,
            "t=" + T + ",v1=" + good + ",v1=" + other,
            "v0=" + v0 + ",v1=" + other + ",t=" + T + ",v1=" + good + ",v0=" + v0)) {
      assertThat(verifier.verify(signature(header), BODY, NOW))
          .as(header)
          .isEqualTo(new Verified(null, T));
    }
    assertThat(verifier.verify(signature("t=" + T + ",v1=" + other + ",v1=" + other), BODY, NOW))
        .isEqualTo(refused(FORGED));
  }

  @Test
  void aMalformedV1BesideAValidOneDoesNotVetoItAsStripeJavaDoesNot() throws Exception {
    String good = v1(PAYLOAD, SECRET, T);
    String other = v1(PAYLOAD, OTHER_SECRET, T);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    for (String malformed : List.of("", "zz", good.substring(1), good.toUpperCase(), good + "00")) {
      for (String header :
          List.of(
              "t=" + T + ",v1=" + malformed + ",v1=" + good,
              "t=" + T + ",v1=" + good + ",v1=" + malformed)) {
        assertThat(Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, 300, clock))
            .as(header)
            .isTrue();
        assertThat(verifier.verify(signature(header), BODY, NOW))
            .as(header)
            .isEqualTo(new Verified(null, T));
      }
      // Beside a well-formed signature that does not match, it is still forged, not malformed.
      assertThat(
              verifier.verify(signature("t=" + T + ",v1=" + malformed + ",v1=" + other), BODY, NOW))
          .isEqualTo(refused(FORGED));
    }
  }

  @Test
  void aV0SignatureIsIgnoredEvenWhenItIsTheRightHmac() throws Exception {
    String header = "t=" + T + ",v0=" + v1(PAYLOAD, SECRET, T) + ",v1=" + "0".repeat(64);

    assertThat(verifier.verify(signature(header), BODY, NOW)).isEqualTo(refused(FORGED));
  }

  @Test
  void bothSecretsVerifyDuringRotationAndAnExpiredOneStops() throws Exception {
    Instant previousUntil = NOW.plus(Duration.ofHours(1));
    WebhookVerifier rotating =
        verifier(
            List.of(
                new SigningSecret(SECRET, null), new SigningSecret(OTHER_SECRET, previousUntil)));

    assertThat(rotating.verify(signature(stripeHeader(PAYLOAD, SECRET, T)), BODY, NOW))
        .isEqualTo(new Verified(null, T));
    assertThat(rotating.verify(signature(stripeHeader(PAYLOAD, OTHER_SECRET, T)), BODY, NOW))
        .isEqualTo(new Verified(null, T));

    long atEnd = previousUntil.getEpochSecond();
    assertThat(
            rotating.verify(
                signature(stripeHeader(PAYLOAD, OTHER_SECRET, atEnd)), BODY, previousUntil))
        .isEqualTo(new Verified(null, atEnd));

    Instant later = previousUntil.plusSeconds(1);
    long laterT = later.getEpochSecond();
    assertThat(rotating.verify(signature(stripeHeader(PAYLOAD, OTHER_SECRET, laterT)), BODY, later))
        .isEqualTo(refused(FORGED));
    assertThat(rotating.verify(signature(stripeHeader(PAYLOAD, SECRET, laterT)), BODY, later))
        .isEqualTo(new Verified(null, laterT));
    // Stripe signs with both secrets while a rolled secret overlaps: either one is enough.
    String both = "t=" + laterT + ",v1=" + v1(PAYLOAD, OTHER_SECRET, laterT) + ",v1=";
    assertThat(rotating.verify(signature(both + v1(PAYLOAD, SECRET, laterT)), BODY, later))
        .isEqualTo(new Verified(null, laterT));
  }

  @Test
  void aBodyOverTheLimitIsRefusedEvenWhenSigned() throws Exception {
    WebhookVerifier small =
        WebhookVerifier.create(
            Provider.STRIPE,
            List.of(new SigningSecret(SECRET, null)),
            Duration.ofSeconds(300),
            BODY.length);
    String header = stripeHeader(PAYLOAD, SECRET, T);

    assertThat(small.verify(signature(header), BODY, NOW)).isEqualTo(new Verified(null, T));

    String bigger = PAYLOAD + " ";
    assertThat(
            small.verify(signature(stripeHeader(bigger, SECRET, T)), bigger.getBytes(UTF_8), NOW))
        .isEqualTo(refused(OVERSIZED));
  }
}
