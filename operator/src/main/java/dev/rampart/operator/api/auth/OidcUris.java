package dev.rampart.operator.api.auth;

/** The CEL rules every URL of the auth resources obeys. */
final class OidcUris {

  private OidcUris() {}

  private static final String HTTPS_URL = "'^https://[^/?#*\\\\s]+([/?#][^*\\\\s]*)?$'";

  /**
   * http to a loopback address: a server on a developer's machine (RFC 8252 7.3 and OAuth 2.1 name
   * the IP literals, not localhost, which DNS may send elsewhere).
   */
  private static final String LOOPBACK_URL =
      "'^http://(127\\\\.0\\\\.0\\\\.1|\\\\[::1\\\\])(:[0-9]+)?([/?#][^*\\\\s]*)?$'";

  /** A native app's loopback redirect has no port: OAuth 2.1 matches any, which the app picks. */
  private static final String LOOPBACK_REDIRECT =
      "'^http://(127\\\\.0\\\\.0\\\\.1|\\\\[::1\\\\])([/?#][^*\\\\s]*)?$'";

  private static final String HTTPS_ORIGIN = "'^https://[^/?#*\\\\s]+$'";

  private static final String LOOPBACK_ORIGIN =
      "'^http://(127\\\\.0\\\\.0\\\\.1|\\\\[::1\\\\]|localhost)(:[0-9]+)?$'";

  static final String SECURE_URL_RULE =
      "self.matches(" + HTTPS_URL + ") || self.matches(" + LOOPBACK_URL + ")";

  static final String SECURE_REDIRECTS_RULE =
      "self.all(u, u.matches(" + HTTPS_URL + ") || u.matches(" + LOOPBACK_REDIRECT + "))";

  /** Web origins: scheme, host and port, nothing else. */
  static final String ORIGINS_RULE =
      "self.all(o, o.matches(" + HTTPS_ORIGIN + ") || o.matches(" + LOOPBACK_ORIGIN + "))";
}
