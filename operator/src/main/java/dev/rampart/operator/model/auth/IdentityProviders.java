package dev.rampart.operator.model.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.api.auth.GroupMapping;
import dev.rampart.operator.api.auth.IdentityProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Enterprise OpenID Connect providers brokered into a tenant's realm: the provider as Keycloak
 * represents it (with Authorization Code + PKCE S256 towards the provider too), and one mapper per
 * group mapping that grants a tenant role whenever the provider's groups claim names the group.
 */
public final class IdentityProviders {

  /** Names Rampart's mappers, so that it removes those alone. */
  static final String MAPPER_PREFIX = "rampart group ";

  /**
   * Keycloak never returns a provider's client secret; this digest of it tells whether the secret
   * in the realm is the one in the cluster's Secret.
   */
  public static final String SECRET_DIGEST = "rampart.dev/client-secret-digest";

  private IdentityProviders() {}

  public static String discoveryUrl(IdentityProvider provider) {
    String issuer = provider.getIssuer();
    return (issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration";
  }

  /**
   * The provider's fields Rampart sets and compares (its endpoints and secret apart).
   *
   * @param postBrokerFlow the flow that asks brokered users for their second factor
   */
  public static ObjectNode settings(
      IdentityProvider provider, String clientSecret, String postBrokerFlow) {
    ObjectNode json = TenantRealm.JSON.createObjectNode();
    json.put("alias", provider.getAlias());
    json.put("providerId", "oidc");
    json.put("enabled", true);
    // An email the provider asserts does not link to an existing account of the realm by itself.
    json.put("trustEmail", false);
    json.put("storeToken", false);
    json.put("linkOnly", false);
    json.put("firstBrokerLoginFlowAlias", "first broker login");
    json.put("postBrokerLoginFlowAlias", postBrokerFlow);
    ObjectNode config = json.putObject("config");
    config.put("issuer", provider.getIssuer());
    config.put("clientId", provider.getClientId());
    config.put("clientAuthMethod", "client_secret_post");
    config.put("validateSignature", "true");
    config.put("useJwksUrl", "true");
    config.put("pkceEnabled", "true");
    config.put("pkceMethod", "S256");
    config.put("defaultScope", "openid profile email");
    // Mappers apply at every login, so a user who left a group loses its role.
    config.put("syncMode", "FORCE");
    config.put(SECRET_DIGEST, digest(clientSecret));
    return json;
  }

  /** The full representation to create or update the provider with. */
  public static ObjectNode representation(
      IdentityProvider provider,
      String clientSecret,
      String postBrokerFlow,
      Map<String, String> endpoints) {
    ObjectNode json = settings(provider, clientSecret, postBrokerFlow);
    ObjectNode config = (ObjectNode) json.get("config");
    for (String endpoint :
        List.of("authorizationUrl", "tokenUrl", "jwksUrl", "userInfoUrl", "logoutUrl")) {
      if (endpoints.containsKey(endpoint)) {
        config.put(endpoint, endpoints.get(endpoint));
      }
    }
    config.put("clientSecret", clientSecret);
    return json;
  }

  public static List<ObjectNode> mappers(IdentityProvider provider) {
    return provider.getGroupMappings().stream().map(m -> mapper(provider, m)).toList();
  }

  public static boolean isRamparts(String mapperName) {
    return mapperName != null && mapperName.startsWith(MAPPER_PREFIX);
  }

  private static ObjectNode mapper(IdentityProvider provider, GroupMapping mapping) {
    ObjectNode json = TenantRealm.JSON.createObjectNode();
    json.put("name", MAPPER_PREFIX + mapping.getGroup());
    json.put("identityProviderAlias", provider.getAlias());
    json.put("identityProviderMapper", "oidc-role-idp-mapper");
    ObjectNode config = json.putObject("config");
    config.put("syncMode", "FORCE");
    config.put("claim", "groups");
    config.put("claim.value", mapping.getGroup());
    config.put("role", mapping.getRole());
    return json;
  }

  static String digest(String secret) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
