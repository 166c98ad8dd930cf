package dev.rampart.billing.authn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the tenant's Keycloak realm on a loopback port: it publishes its public keys at
 * Keycloak's path ({@code /realms/team-a/protocol/openid-connect/certs}), counting the fetches, and
 * signs access tokens shaped as Keycloak's. Its keys sign with RS256, PS256 and ES256; like a
 * realm's, its key set also lists an RSA key for encryption, which must verify nothing.
 */
public final class TestIssuer implements AutoCloseable {

  public static final String AUDIENCE = "billing-gateway";
  public static final RSAKey RS256 = rsa("rs256-key", JWSAlgorithm.RS256, KeyUse.SIGNATURE);
  public static final RSAKey PS256 = rsa("ps256-key", JWSAlgorithm.PS256, KeyUse.SIGNATURE);
  public static final ECKey ES256 = ec("es256-key");
  public static final RSAKey ENCRYPTION = rsa("enc-key", null, KeyUse.ENCRYPTION);

  private static final String REALM = "/realms/team-a";

  private final HttpServer server;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile List<JWK> published = List.of(RS256, PS256, ES256, ENCRYPTION);
  private volatile int status = 200;

  private TestIssuer(HttpServer server) {
    this.server = server;
  }

  public static TestIssuer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TestIssuer issuer = new TestIssuer(server);
      server.createContext(
          REALM + "/protocol/openid-connect/certs",
          exchange -> {
            try (exchange) {
              issuer.fetches.incrementAndGet();
              byte[] body =
                  new JWKSet(issuer.published).toString(true).getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(issuer.status, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          });
      server.start();
      return issuer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The realm's issuer URL, as its tokens' {@code iss}. */
  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + REALM;
  }

  public URI jwksUrl() {
    return URI.create(issuer() + "/protocol/openid-connect/certs");
  }

  /** How often the key set was asked for. */
  public int fetches() {
    return fetches.get();
  }

  /** Publishes these keys (their public parts) from now on. */
  public void publish(JWK... keys) {
    published = List.of(keys);
  }

  /** Answers key set requests with {@code status} (the key set still as the body). */
  public void answer(int status) {
    this.status = status;
  }

  /**
   * An access token's claims as Keycloak issues them for {@code username}, with the gateway as an
   * audience (the operator's audience mapper), valid for five minutes from {@code now}.
   */
  public JWTClaimsSet.Builder claims(String username, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .audience(List.of(AUDIENCE, "account"))
        .subject(UUID.nameUUIDFromBytes(username.getBytes(StandardCharsets.UTF_8)).toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .jwtID(UUID.randomUUID().toString())
        .claim("typ", "Bearer")
        .claim("azp", "billing-admin")
        .claim("acr", "1")
        .claim("preferred_username", username)
        .claim("realm_access", Map.of("roles", List.of("default-roles-team-a", "offline_access")))
        .claim("scope", "openid profile email");
  }

  /** {@code claims} signed with {@code key} as Keycloak signs: typ JWT, the key's kid. */
  public static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
    return sign(
        key,
        new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
        claims);
  }

  public static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signs with any key, also one the issuer publishes for encryption. */
  private static JWSSigner signer(JWK key) throws JOSEException {
    return switch (key) {
      case RSAKey rsa -> new RSASSASigner(rsa.toPrivateKey());
      case ECKey ec -> new ECDSASigner(ec.toECPrivateKey());
      case OctetSequenceKey secret -> new MACSigner(secret.toByteArray());
      default -> throw new IllegalArgumentException("no signer for " + key.getKeyType());
    };
  }

  /** An RS256 access token of {@code claims}, as the realm signs one. */
  public static String sign(JWTClaimsSet claims) {
    return sign(RS256, JWSAlgorithm.RS256, claims);
  }

  public static RSAKey rsa(String kid, JWSAlgorithm algorithm, KeyUse use) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).algorithm(algorithm).keyUse(use).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(kid)
          .algorithm(JWSAlgorithm.ES256)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
