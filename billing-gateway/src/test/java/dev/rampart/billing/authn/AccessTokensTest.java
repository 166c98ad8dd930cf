package dev.rampart.billing.authn;

import static dev.rampart.billing.authn.TestIssuer.AUDIENCE;
import static dev.rampart.billing.authn.TestIssuer.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.rampart.billing.authn.TokenRejectedException.Reason;
import dev.rampart.billing.config.AdminCredential;
import dev.rampart.billing.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access tokens against a stand-in realm that serves its keys on a loopback port. */
class AccessTokensTest {

  private static final Instant NOW = Instant.now();

  private final TestClock clock = new TestClock(NOW);
  private TestIssuer issuer;
  private JwksKeys keys;
  private AccessTokens tokens;

  @BeforeEach
  void start() {
    issuer = TestIssuer.start();
    keys =
        new JwksKeys(
            issuer.jwksUrl(),
            Duration.ofSeconds(2),
            JwksKeys.MIN_INTERVAL,
            JwksKeys.MAX_AGE,
            clock);
    tokens =
        new AccessTokens(
            new GatewayConfig.Oidc(issuer.issuer(), AUDIENCE, issuer.jwksUrl()), keys, clock);
  }

  @AfterEach
  void stop() {
    keys.close();
    issuer.close();
  }

  private JWTClaimsSet.Builder claims() {
    return issuer.claims("fin", NOW);
  }

  private AdminCredential accepted(String token) throws Exception {
    Optional<AdminCredential> caller = tokens.verify(token);
    assertThat(caller).as("a caller").isPresent();
    return caller.get();
  }

  private void rejected(String token, Reason reason) {
    assertThatThrownBy(() -> tokens.verify(token))
        .isInstanceOfSatisfying(
            TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .message()
        .doesNotContain(token);
  }

  @Test
  void anAccessTokenNamesItsCallerWithTheRolesGroupsAndAuthenticationItStates() throws Exception {
    String token =
        sign(
            claims()
                .claim(
                    "realm_access", Map.of("roles", List.of("offline_access", "finance-approver")))
                .claim("groups", List.of("/finance", "/finance/approvers"))
                .claim("amr", List.of("pwd", "otp"))
                .claim("acr", "2")
                .build());

    assertThat(accepted(token))
        .isEqualTo(
            new AdminCredential(
                "fin",
                List.of("offline_access", "finance-approver"),
                List.of("/finance", "/finance/approvers"),
                List.of("pwd", "otp"),
                Optional.of("2")));
  }

  @Test
  void withoutAUsernameTheSubjectNamesTheCallerAndAbsentClaimsAreEmpty() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder(claims().build())
            .claim("preferred_username", null)
            .claim("realm_access", null)
            .claim("acr", null)
            .build();

    assertThat(accepted(sign(claims)))
        .isEqualTo(
            new AdminCredential(
                claims.getSubject(), List.of(), List.of(), List.of(), Optional.empty()));
  }

  @Test
  void rs256Ps256AndEs256Verify() throws Exception {
    JWTClaimsSet claims = claims().build();

    assertThat(accepted(sign(TestIssuer.RS256, JWSAlgorithm.RS256, claims)).name())
        .isEqualTo("fin");
    assertThat(accepted(sign(TestIssuer.PS256, JWSAlgorithm.PS256, claims)).name())
        .isEqualTo("fin");
    assertThat(accepted(sign(TestIssuer.ES256, JWSAlgorithm.ES256, claims)).name())
        .isEqualTo("fin");
    assertThat(issuer.fetches()).isEqualTo(1);
  }

  @Test
  void aTokenThatIsNoJwtIsLeftToTheStaticTokens() throws Exception {
    for (String token : new String[] {"alice-token-0123456789", "a.b.c", "x.y", ""}) {
      assertThat(tokens.verify(token)).as(token).isEmpty();
    }
    assertThat(issuer.fetches()).isZero();
  }

  @Test
  void anExpiredTokenIsRefused() {
    rejected(sign(claims().expirationTime(Date.from(NOW)).build()), Reason.EXPIRED);
    rejected(sign(claims().expirationTime(Date.from(NOW.minusSeconds(1))).build()), Reason.EXPIRED);
    rejected(sign(claims().expirationTime(null).build()), Reason.MALFORMED);
  }

  @Test
  void aTokenNotYetValidIsRefusedBeyondTheClockSkew() throws Exception {
    Instant beyond = NOW.plus(AccessTokens.CLOCK_SKEW).plusSeconds(1);
    rejected(sign(claims().notBeforeTime(Date.from(beyond)).build()), Reason.NOT_YET_VALID);
    rejected(sign(claims().issueTime(Date.from(beyond)).build()), Reason.NOT_YET_VALID);

    Instant within = NOW.plus(AccessTokens.CLOCK_SKEW);
    accepted(sign(claims().notBeforeTime(Date.from(within)).issueTime(Date.from(within)).build()));
  }

  @Test
  void theIssuerMustBeTheConfiguredOneExactly() {
    for (String other :
        new String[] {
          issuer.issuer() + "/",
          issuer.issuer().replace("team-a", "team-b"),
          issuer.issuer().toUpperCase()
        }) {
      rejected(sign(claims().issuer(other).build()), Reason.ISSUER);
    }
    rejected(sign(claims().issuer(null).build()), Reason.ISSUER);
  }

  /**
   * The operator gives the tenant's clients an audience mapper, so the gateway requires its
   * audience in {@code aud}: a token for another client of the realm (whose {@code azp} names it)
   * is not for the gateway.
   */
  @Test
  void theAudienceMustListTheGateway() throws Exception {
    rejected(sign(claims().audience("account").build()), Reason.AUDIENCE);
    rejected(sign(claims().audience((String) null).build()), Reason.AUDIENCE);
    rejected(
        sign(claims().audience((String) null).claim("azp", AUDIENCE).build()), Reason.AUDIENCE);
    rejected(sign(claims().audience(AUDIENCE + "-staging").build()), Reason.AUDIENCE);

    accepted(sign(claims().audience(AUDIENCE).build()));
  }

  @Test
  void anUnsignedTokenIsRefused() throws Exception {
    String none = new PlainJWT(claims().build()).serialize();

    rejected(none, Reason.SIGNATURE);
    // The same with the realm's key id; with a signature besides, it is no JWT at all, and no
    // static token either.
    String[] parts = sign(claims().build()).split("\\.");
    String noneHeader =
        Base64URL.encode(
                "{\"alg\":\"none\",\"kid\":\"rs256-key\"}".getBytes(StandardCharsets.UTF_8))
            .toString();
    rejected(noneHeader + "." + parts[1] + ".", Reason.SIGNATURE);
    assertThat(tokens.verify(noneHeader + "." + parts[1] + "." + parts[2])).isEmpty();
  }

  /** The realm's public key is public: as an HMAC secret, anybody could sign with it. */
  @Test
  void aTokenSignedWithTheRealmsPublicKeyAsAnHmacSecretIsRefused() throws Exception {
    RSAKey published = TestIssuer.RS256.toPublicJWK();
    for (byte[] secret :
        new byte[][] {
          published.toRSAPublicKey().getEncoded(),
          published.toJSONString().getBytes(StandardCharsets.UTF_8)
        }) {
      OctetSequenceKey hmac = new OctetSequenceKey.Builder(secret).keyID("rs256-key").build();
      for (JWSAlgorithm algorithm :
          List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
        rejected(sign(hmac, algorithm, claims().build()), Reason.SIGNATURE);
      }
    }
  }

  @Test
  void aTamperedTokenIsRefused() throws Exception {
    String[] parts = sign(claims().build()).split("\\.");
    JWTClaimsSet elevated =
        claims().claim("realm_access", Map.of("roles", List.of("finance-approver"))).build();
    String payload = Base64URL.encode(elevated.toString()).toString();

    rejected(parts[0] + "." + payload + "." + parts[2], Reason.SIGNATURE);
    rejected(
        parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + "A" + parts[2].substring(11),
        Reason.SIGNATURE);
  }

  @Test
  void aTokenSignedByAnotherKeyWithTheRealmsKeyIdIsRefused() throws Exception {
    accepted(sign(claims().build()));

    RSAKey impostor = TestIssuer.rsa("rs256-key", JWSAlgorithm.RS256, KeyUse.SIGNATURE);
    rejected(sign(impostor, JWSAlgorithm.RS256, claims().build()), Reason.SIGNATURE);
    // The key id is known: nothing to fetch again.
    assertThat(issuer.fetches()).isEqualTo(1);
  }

  @Test
  void theRealmsEncryptionKeyVerifiesNothing() {
    rejected(sign(TestIssuer.ENCRYPTION, JWSAlgorithm.RS256, claims().build()), Reason.SIGNATURE);
  }

  @Test
  void onlyJwtTypesAreAccessTokens() throws Exception {
    JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rs256-key");
    accepted(sign(TestIssuer.RS256, header.build(), claims().build()));
    accepted(
        sign(
            TestIssuer.RS256, header.type(new JOSEObjectType("at+jwt")).build(), claims().build()));

    rejected(
        sign(
            TestIssuer.RS256,
            header.type(new JOSEObjectType("dpop+jwt")).build(),
            claims().build()),
        Reason.MALFORMED);
    // Keycloak's ID tokens are signed alike, for the client as their audience.
    rejected(sign(claims().claim("typ", "ID").build()), Reason.MALFORMED);
  }

  @Test
  void aTokenMustNameItsSubjectWithClaimsOfTheRightTypes() {
    rejected(sign(claims().subject(null).build()), Reason.MALFORMED);
    rejected(sign(claims().subject(" ").build()), Reason.MALFORMED);
    rejected(
        sign(claims().claim("realm_access", Map.of("roles", "finance-approver")).build()),
        Reason.MALFORMED);
    rejected(
        sign(
            claims()
                .claim("realm_access", Map.of("roles", java.util.Arrays.asList("a", null)))
                .build()),
        Reason.MALFORMED);
    rejected(sign(claims().claim("amr", "otp").build()), Reason.MALFORMED);
    rejected(sign(claims().claim("groups", List.of(1, 2)).build()), Reason.MALFORMED);
    rejected(sign(claims().claim("acr", 1).build()), Reason.MALFORMED);
    rejected(sign(claims().claim("preferred_username", "x".repeat(201)).build()), Reason.MALFORMED);
    rejected(sign(claims().claim("preferred_username", "fin\nadmin").build()), Reason.MALFORMED);
  }

  @Test
  void anUnknownKeyIdIsFetchedOnceThenRefusedUntilTheIntervalPassed() throws Exception {
    accepted(sign(claims().build()));
    RSAKey rotated = TestIssuer.rsa("rotated-key", JWSAlgorithm.RS256, KeyUse.SIGNATURE);
    String token = sign(rotated, JWSAlgorithm.RS256, claims().build());
    clock.advance(JwksKeys.MIN_INTERVAL);

    rejected(token, Reason.SIGNATURE);
    assertThat(issuer.fetches()).isEqualTo(2);
    // The realm rotates to the new key: within the interval, its tokens are still refused.
    issuer.publish(TestIssuer.RS256, rotated);
    clock.advance(JwksKeys.MIN_INTERVAL.minusSeconds(1));
    rejected(token, Reason.SIGNATURE);
    assertThat(issuer.fetches()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1));
    assertThat(accepted(token).name()).isEqualTo("fin");
    assertThat(issuer.fetches()).isEqualTo(3);
    accepted(sign(claims().build()));
    assertThat(issuer.fetches()).isEqualTo(3);
  }

  @Test
  void aFloodOfMadeUpKeyIdsFetchesTheKeysOncePerInterval() throws Exception {
    accepted(sign(claims().build()));
    clock.advance(JwksKeys.MIN_INTERVAL);
    List<String> forged =
        IntStream.range(0, 200)
            .mapToObj(
                i ->
                    sign(
                        TestIssuer.RS256,
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("made-up-" + i).build(),
                        claims().build()))
            .toList();

    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Optional<AdminCredential>>> answers =
          callers.invokeAll(
              forged.stream()
                  .<Callable<Optional<AdminCredential>>>map(token -> () -> tokens.verify(token))
                  .toList());
      for (Future<Optional<AdminCredential>> answer : answers) {
        assertThatThrownBy(answer::get).hasCauseInstanceOf(TokenRejectedException.class);
      }
    }
    assertThat(issuer.fetches()).isEqualTo(2);
    // The realm's own tokens still verify, from the keys kept.
    accepted(sign(claims().build()));
    assertThat(issuer.fetches()).isEqualTo(2);
  }

  @Test
  void withoutKeysNoTokenVerifiesAndTheFetchIsRetriedAfterTheInterval() throws Exception {
    issuer.answer(503);
    String token = sign(claims().build());

    assertThatThrownBy(() -> tokens.verify(token))
        .isInstanceOf(SigningKeysUnavailableException.class)
        .hasMessage("the issuer's signing keys could not be fetched from " + issuer.jwksUrl());
    assertThatThrownBy(() -> tokens.verify(token))
        .isInstanceOf(SigningKeysUnavailableException.class);
    assertThat(issuer.fetches()).isEqualTo(1);

    issuer.answer(200);
    clock.advance(JwksKeys.MIN_INTERVAL);
    accepted(token);
    assertThat(issuer.fetches()).isEqualTo(2);
  }

  @Test
  void keysAreFetchedAgainWhenOldSoThatAWithdrawnKeyStopsVerifying() throws Exception {
    accepted(sign(claims().build()));
    issuer.publish(TestIssuer.ES256);
    clock.advance(JwksKeys.MAX_AGE.minusSeconds(1));
    accepted(sign(claims().build()));
    assertThat(issuer.fetches()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    rejected(sign(issuer.claims("fin", clock.instant()).build()), Reason.SIGNATURE);
    assertThat(issuer.fetches()).isEqualTo(2);
  }

  @Test
  void anIssuerThatFailsLaterLeavesTheKeysFetchedBefore() throws Exception {
    accepted(sign(claims().build()));
    issuer.answer(500);
    clock.advance(JwksKeys.MAX_AGE);

    accepted(sign(issuer.claims("fin", clock.instant()).build()));
    assertThat(issuer.fetches()).isEqualTo(2);
  }
}
