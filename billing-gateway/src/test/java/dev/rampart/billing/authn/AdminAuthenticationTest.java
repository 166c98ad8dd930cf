package dev.rampart.billing.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.billing.authn.TokenRejectedException.Reason;
import dev.rampart.billing.config.AdminCredential;
import dev.rampart.billing.config.AdminTokens;
import dev.rampart.billing.config.GatewayConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminAuthenticationTest {

  private static final String OPS = "ops-token-0123456789";
  private static final AdminTokens STATIC = AdminTokens.parse("ops=" + OPS + ";amr=hwk");

  private TestIssuer issuer;
  private JwksKeys keys;
  private AdminAuthentication authentication;

  @BeforeEach
  void start() {
    issuer = TestIssuer.start();
    keys =
        new JwksKeys(
            issuer.jwksUrl(),
            Duration.ofSeconds(2),
            JwksKeys.MIN_INTERVAL,
            JwksKeys.MAX_AGE,
            Clock.systemUTC());
    AccessTokens accessTokens =
        new AccessTokens(
            new GatewayConfig.Oidc(issuer.issuer(), TestIssuer.AUDIENCE, issuer.jwksUrl()),
            keys,
            Clock.systemUTC());
    authentication = new AdminAuthentication(() -> STATIC, Optional.of(accessTokens));
  }

  @AfterEach
  void stop() {
    keys.close();
    issuer.close();
  }

  @Test
  void staticTokensAndAccessTokensBothNameTheirCaller() throws Exception {
    String token = TestIssuer.sign(issuer.claims("fin", Instant.now()).build());

    assertThat(authentication.authenticate("Bearer " + OPS))
        .isEqualTo(new AdminCredential("ops", List.of("hwk")));
    assertThat(authentication.authenticate("bearer  " + token + " ").name()).isEqualTo("fin");
  }

  @Test
  void withoutOidcAnAccessTokenNamesNobody() throws Exception {
    String token = TestIssuer.sign(issuer.claims("fin", Instant.now()).build());
    AdminAuthentication staticOnly = new AdminAuthentication(() -> STATIC, Optional.empty());

    assertThat(staticOnly.authenticate("Bearer " + OPS).name()).isEqualTo("ops");
    refused(staticOnly, "Bearer " + token, Reason.UNKNOWN);
    assertThat(issuer.fetches()).isZero();
  }

  @Test
  void whatIsNeitherNamesNobody() {
    refused(authentication, null, Reason.MISSING);
    refused(authentication, OPS, Reason.MISSING);
    refused(authentication, "Basic " + OPS, Reason.MISSING);
    refused(authentication, "Bearer " + OPS + "x", Reason.UNKNOWN);
    refused(authentication, "Bearer ", Reason.UNKNOWN);
  }

  private static void refused(AdminAuthentication authentication, String header, Reason reason) {
    assertThatThrownBy(() -> authentication.authenticate(header))
        .isInstanceOfSatisfying(
            TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
