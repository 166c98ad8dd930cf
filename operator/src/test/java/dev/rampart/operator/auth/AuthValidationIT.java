package dev.rampart.operator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.testing.TestCluster.KubectlResult;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad spec.auth and OidcClients are refused by the real API server (the CRDs' schema and CEL rules)
 * with a message a person understands, applied with kubectl as a person would.
 */
class AuthValidationIT {

  private static final String TENANT =
      "apiVersion: rampart.dev/v1alpha1\nkind: Tenant\nmetadata: {name: auth-check}\n"
          + "spec:\n  owners: [{kind: User, name: alice}]\n  auth:\n";

  private static final String CLIENT =
      "apiVersion: rampart.dev/v1alpha1\nkind: OidcClient\n"
          + "metadata: {name: app, namespace: default}\nspec:\n";

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "access tokens living an hour",
            TENANT + "    tokens: {accessTokenLifespan: 1h}\n",
            "accessTokenLifespan must be between 1m and 15m"),
        Arguments.of(
            "an idle timeout beyond the session's maximum",
            TENANT + "    tokens: {ssoSessionIdleTimeout: 2h, ssoSessionMaxLifespan: 1h}\n",
            "ssoSessionIdleTimeout must not exceed ssoSessionMaxLifespan"),
        Arguments.of(
            "no lockout",
            TENANT + "    bruteForce: {failureFactor: 0}\n",
            "spec.auth.bruteForce.failureFactor"),
        Arguments.of(
            "short passwords",
            TENANT + "    passwords: {minLength: 6}\n",
            "spec.auth.passwords.minLength"),
        Arguments.of(
            "seven-digit codes", TENANT + "    mfa: {otpDigits: 7}\n", "otpDigits must be 6 or 8"),
        Arguments.of(
            "a signing key overlap shorter than a token lives",
            TENANT + "    signingKeys: {overlap: 5m}\n",
            "overlap must be at least 15m"),
        Arguments.of(
            "client secrets that live less than an hour",
            TENANT + "    clientSecretRotation: {maxAge: 30m, overlap: 1m}\n",
            "maxAge must be between 1h and 8760h"),
        Arguments.of(
            "a replaced client secret dropped before applications can read the new one",
            TENANT + "    clientSecretRotation: {maxAge: 24h, overlap: 10s}\n",
            "overlap must be at least 1m"),
        Arguments.of(
            "a client secret overlap longer than half its life",
            TENANT + "    clientSecretRotation: {maxAge: 24h, overlap: 13h}\n",
            "overlap must be at most half of maxAge"),
        Arguments.of(
            "HS256 signing",
            TENANT + "    signingKeys: {algorithm: HS256}\n",
            "spec.auth.signingKeys.algorithm"),
        Arguments.of(
            "an identity provider over plain http",
            TENANT
                + "    identityProviders: [{alias: corp, issuer: 'http://login.corp.example',"
                + " clientId: x, clientSecret: {name: s, key: k}}]\n",
            "issuer must be an https URL"),
        Arguments.of(
            "two providers of one alias",
            TENANT
                + "    identityProviders:\n"
                + "      - {alias: corp, issuer: 'https://a.example', clientId: x,"
                + " clientSecret: {name: s, key: k}}\n"
                + "      - {alias: corp, issuer: 'https://b.example', clientId: other,"
                + " clientSecret: {name: s, key: k}}\n",
            "identity provider aliases must be unique"),
        Arguments.of(
            "an unknown deletion policy",
            TENANT + "    deletionPolicy: Forget\n",
            "supported values"),
        Arguments.of(
            "a wildcard redirect",
            CLIENT
                + "  type: public\n  redirectUris: ['https://app.example/*']\n  scopes: [profile]\n",
            "a redirect URI must be an https URL without wildcards"),
        Arguments.of(
            "a plain http redirect",
            CLIENT
                + "  type: public\n  redirectUris: ['http://app.example/cb']\n  scopes: [profile]\n",
            "a redirect URI must be an https URL"),
        Arguments.of(
            "a loopback redirect with a port",
            CLIENT
                + "  type: public\n  redirectUris: ['http://127.0.0.1:8080/cb']\n"
                + "  scopes: [profile]\n",
            "without a port"),
        Arguments.of(
            "an origin with a path",
            CLIENT
                + "  type: public\n  redirectUris: ['https://app.example/cb']\n"
                + "  webOrigins: ['https://app.example/app']\n  scopes: [profile]\n",
            "a web origin must be https://host[:port]"),
        Arguments.of(
            "no scopes",
            CLIENT + "  type: public\n  redirectUris: ['https://app.example/cb']\n  scopes: []\n",
            "spec.scopes"),
        Arguments.of(
            "offline access",
            CLIENT
                + "  type: public\n  redirectUris: ['https://app.example/cb']\n"
                + "  scopes: [offline_access]\n",
            "spec.scopes[0]"),
        Arguments.of(
            "a public client with client credentials",
            CLIENT
                + "  type: public\n  serviceAccount: true\n"
                + "  redirectUris: ['https://app.example/cb']\n  scopes: [profile]\n",
            "only a confidential client can have a service account"),
        Arguments.of(
            "a public client's secret to Vault",
            CLIENT
                + "  type: public\n  redirectUris: ['https://app.example/cb']\n  scopes: [profile]\n"
                + "  vault: {path: oidc/app}\n",
            "only a confidential client has a secret to write to Vault"),
        Arguments.of(
            "credentials to a Secret and to Vault",
            CLIENT
                + "  type: confidential\n  redirectUris: ['https://app.example/cb']\n"
                + "  scopes: [profile]\n  secretName: app-creds\n  vault: {path: oidc/app}\n",
            "go to a Secret (secretName) or to Vault (vault), not both"),
        Arguments.of(
            "a KV version to write",
            CLIENT
                + "  type: confidential\n  redirectUris: ['https://app.example/cb']\n"
                + "  scopes: [profile]\n  vault: {path: oidc/app, version: 3}\n",
            "vault.version has no meaning here"),
        Arguments.of(
            "a Vault path out of the tenant's prefix",
            CLIENT
                + "  type: confidential\n  redirectUris: ['https://app.example/cb']\n"
                + "  scopes: [profile]\n  vault: {path: ../other/oidc}\n",
            "must not contain '.' or '..' segments"),
        Arguments.of(
            "a client nobody can be sent back to",
            CLIENT + "  type: public\n  scopes: [profile]\n",
            "redirectUris must name at least one URI"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithAReadableMessage(String why, String yaml, String expected) {
    KubectlResult result =
        TestCluster.kubectl(yaml, "apply", "--server-side", "--dry-run=server", "-f", "-");
    assertThat(result.exitCode()).as("kubectl accepted: %s", why).isNotZero();
    assertThat(result.output()).contains(expected);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("defaults", TENANT + "    deletionPolicy: Retain\n"),
        Arguments.of(
            "one field of an object, the rest defaulted before the rules compare them",
            TENANT + "    tokens: {accessTokenLifespan: 2m}\n    bruteForce: {failureFactor: 3}\n"),
        Arguments.of(
            "everything",
            TENANT
                + "    sslRequired: external\n"
                + "    tokens: {accessTokenLifespan: 2m, ssoSessionIdleTimeout: 15m,"
                + " ssoSessionMaxLifespan: 8h}\n"
                + "    bruteForce: {failureFactor: 3, waitIncrement: 30s, maxWait: 10m}\n"
                + "    mfa: {otpAlgorithm: HmacSHA256, otpDigits: 8}\n"
                + "    identityProviders: [{alias: corp, issuer: 'https://login.corp.example',"
                + " clientId: x, clientSecret: {name: s, key: k},"
                + " groupMappings: [{group: finance, role: approver}]}]\n"
                + "    signingKeys: {algorithm: ES256, generation: 3, overlap: 48h}\n"
                + "    clientSecretRotation: {maxAge: 720h, overlap: 12h}\n"),
        Arguments.of(
            "client secret rotation with its defaults", TENANT + "    clientSecretRotation: {}\n"),
        Arguments.of(
            "a native app's loopback redirect and a server",
            CLIENT
                + "  type: confidential\n  serviceAccount: true\n"
                + "  redirectUris: ['http://127.0.0.1/callback', 'https://app.example/cb']\n"
                + "  webOrigins: ['https://app.example', 'http://localhost:3000']\n"
                + "  scopes: [profile, email]\n"),
        Arguments.of(
            "a server whose credentials go to Vault",
            CLIENT
                + "  type: confidential\n  serviceAccount: true\n  scopes: [profile]\n"
                + "  vault: {path: oidc/app}\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void acceptsValidSpecs(String why, String yaml) {
    KubectlResult result =
        TestCluster.kubectl(yaml, "apply", "--server-side", "--dry-run=server", "-f", "-");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
