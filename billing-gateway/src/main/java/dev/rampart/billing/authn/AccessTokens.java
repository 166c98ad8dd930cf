package dev.rampart.billing.authn;

import static dev.rampart.billing.authn.TokenRejectedException.Reason.AUDIENCE;
import static dev.rampart.billing.authn.TokenRejectedException.Reason.EXPIRED;
import static dev.rampart.billing.authn.TokenRejectedException.Reason.ISSUER;
import static dev.rampart.billing.authn.TokenRejectedException.Reason.MALFORMED;
import static dev.rampart.billing.authn.TokenRejectedException.Reason.NOT_YET_VALID;
import static dev.rampart.billing.authn.TokenRejectedException.Reason.SIGNATURE;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.rampart.billing.config.AdminCredential;
import dev.rampart.billing.config.GatewayConfig;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Access tokens of the tenant's Keycloak realm (README, "Access tokens"): a JWT signed with one of
 * the issuer's keys (RS256, ES256 or PS256 only), of the configured issuer, for the gateway's
 * audience and within its lifetime, names its caller.
 */
public final class AccessTokens {

  /** Asymmetric only: with HS256, the issuer's public key, known to all, would sign tokens. */
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256);

  /**
   * How far ahead of the gateway's clock the issuer's may be: a token issued a moment ago by a
   * clock slightly ahead is still good. Expiry gets none, so that no token lives longer than
   * issued.
   */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  /** A longer name would not fit the ledger's requester and approver columns. */
  static final int MAX_NAME_CHARS = 200;

  private static final List<JOSEObjectType> TYPES =
      List.of(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"));

  // Keycloak's payload typ: its ID tokens ("ID") carry the client as aud too, and are no access.
  private static final String KEYCLOAK_ACCESS_TOKEN = "Bearer";

  private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

  private final String issuer;
  private final String audience;
  private final JWSVerificationKeySelector<SecurityContext> keys;
  private final Clock clock;

  public AccessTokens(GatewayConfig.Oidc oidc, JWKSource<SecurityContext> keys, Clock clock) {
    this.issuer = oidc.issuer();
    this.audience = oidc.audience();
    this.keys = new JWSVerificationKeySelector<>(ALGORITHMS, keys);
    this.clock = clock;
  }

  /**
   * The caller {@code token} names, or empty when it is no JWT (a static token, or nothing).
   *
   * @throws TokenRejectedException when it is a JWT that fails a check
   * @throws SigningKeysUnavailableException when the issuer's keys could not be had to check it
   */
  public Optional<AdminCredential> verify(String token)
      throws TokenRejectedException, SigningKeysUnavailableException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      return Optional.empty();
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new TokenRejectedException(
          SIGNATURE, "not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
    }
    verifySignature(signed);
    try {
      JWTClaimsSet claims = signed.getJWTClaimsSet();
      checkValidity(claims);
      return Optional.of(caller(claims));
    } catch (ParseException e) {
      throw new TokenRejectedException(
          MALFORMED, "a claim is not what it must be: " + e.getMessage());
    }
  }

  private void verifySignature(SignedJWT jwt)
      throws TokenRejectedException, SigningKeysUnavailableException {
    JWSHeader header = jwt.getHeader();
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      throw new TokenRejectedException(
          SIGNATURE, "alg " + header.getAlgorithm() + " is not RS256, ES256 or PS256");
    }
    if (header.getType() != null && !TYPES.contains(header.getType())) {
      throw new TokenRejectedException(
          MALFORMED, "typ " + header.getType() + " is not JWT or at+jwt");
    }
    List<Key> candidates;
    try {
      candidates = keys.selectJWSKeys(header, null);
    } catch (KeySourceException e) {
      throw new SigningKeysUnavailableException(e.getMessage(), e);
    }
    for (Key key : candidates) {
      try {
        if (jwt.verify(VERIFIERS.createJWSVerifier(header, key))) {
          return;
        }
      } catch (JOSEException e) {
        // A key of the issuer's that cannot check this algorithm; another may.
      }
    }
    throw new TokenRejectedException(
        SIGNATURE,
        candidates.isEmpty()
            ? "the issuer has no " + header.getAlgorithm() + " key " + header.getKeyID()
            : "the signature does not verify");
  }

  private void checkValidity(JWTClaimsSet claims) throws TokenRejectedException, ParseException {
    if (!issuer.equals(claims.getIssuer())) {
      throw new TokenRejectedException(ISSUER, "iss " + claims.getIssuer() + " is not " + issuer);
    }
    if (!claims.getAudience().contains(audience)) {
      throw new TokenRejectedException(
          AUDIENCE, "aud " + claims.getAudience() + " lacks " + audience);
    }
    Instant now = clock.instant();
    Date expires = claims.getExpirationTime();
    if (expires == null) {
      throw new TokenRejectedException(MALFORMED, "no exp");
    }
    if (!now.isBefore(expires.toInstant())) {
      throw new TokenRejectedException(EXPIRED, "expired at " + expires.toInstant());
    }
    Instant latest = now.plus(CLOCK_SKEW);
    for (Date start : new Date[] {claims.getNotBeforeTime(), claims.getIssueTime()}) {
      if (start != null && start.toInstant().isAfter(latest)) {
        throw new TokenRejectedException(NOT_YET_VALID, "not valid before " + start.toInstant());
      }
    }
    String type = claims.getStringClaim("typ");
    if (type != null && !type.equals(KEYCLOAK_ACCESS_TOKEN)) {
      throw new TokenRejectedException(MALFORMED, "typ claim " + type + " is not Bearer");
    }
  }

  /**
   * Named by {@code preferred_username} (the name the tenant's roles and logs know), or by {@code
   * sub} when the realm sends none.
   */
  private static AdminCredential caller(JWTClaimsSet claims)
      throws TokenRejectedException, ParseException {
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new TokenRejectedException(MALFORMED, "no sub");
    }
    String username = claims.getStringClaim("preferred_username");
    String name = username == null || username.isBlank() ? subject : username;
    if (name.length() > MAX_NAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
      throw new TokenRejectedException(
          MALFORMED, "the name is longer than " + MAX_NAME_CHARS + " or has control characters");
    }
    Map<String, Object> realmAccess = claims.getJSONObjectClaim("realm_access");
    return new AdminCredential(
        name,
        strings(
            "realm_access.roles",
            realmAccess == null ? null : JSONObjectUtils.getStringList(realmAccess, "roles")),
        strings("groups", claims.getStringListClaim("groups")),
        strings("amr", claims.getStringListClaim("amr")),
        Optional.ofNullable(claims.getStringClaim("acr")));
  }

  /** A list claim's strings, none when it is absent. */
  private static List<String> strings(String claim, List<String> values)
      throws TokenRejectedException {
    if (values == null) {
      return List.of();
    }
    if (values.contains(null)) {
      throw new TokenRejectedException(MALFORMED, claim + " lists null");
    }
    return values;
  }
}
