package dev.rampart.billing.authn;

import dev.rampart.billing.authn.TokenRejectedException.Reason;
import dev.rampart.billing.config.AdminCredential;
import dev.rampart.billing.config.AdminTokens;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who an admin request's {@code Authorization: Bearer <token>} names: the holder of a static token
 * of {@code adminTokensFile}, or else, with {@code oidc}, the caller an access token of the
 * tenant's realm names.
 */
public final class AdminAuthentication {

  private static final String BEARER = "Bearer ";

  private final Supplier<AdminTokens> tokens;
  private final Optional<AccessTokens> accessTokens;

  public AdminAuthentication(Supplier<AdminTokens> tokens, Optional<AccessTokens> accessTokens) {
    this.tokens = tokens;
    this.accessTokens = accessTokens;
  }

  /**
   * @param authorization the request's {@code Authorization} header, null without one
   * @throws TokenRejectedException when it names nobody
   * @throws SigningKeysUnavailableException when an access token cannot be checked for now
   */
  public AdminCredential authenticate(String authorization)
      throws TokenRejectedException, SigningKeysUnavailableException {
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new TokenRejectedException(Reason.MISSING, "no bearer token");
    }
    String token = authorization.substring(BEARER.length()).strip();
    Optional<AdminCredential> holder = tokens.get().identify(token);
    if (holder.isPresent()) {
      return holder.get();
    }
    if (accessTokens.isPresent()) {
      holder = accessTokens.get().verify(token);
    }
    return holder.orElseThrow(
        () ->
            new TokenRejectedException(
                Reason.UNKNOWN,
                accessTokens.isPresent()
                    ? "neither an admin token nor a JWT"
                    : "not an admin token (without oidc, no JWT is one)"));
  }
}
