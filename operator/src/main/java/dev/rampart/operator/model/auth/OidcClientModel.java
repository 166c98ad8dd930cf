package dev.rampart.operator.model.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.api.auth.OidcClient;
import dev.rampart.operator.api.auth.OidcClientType;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OidcClient as Keycloak's client representation, and the Secret that hands a confidential
 * client's credentials to its application. Grants beyond the Authorization Code flow are off
 * whatever the realm's policies say, so the client is narrow even in a realm that drifted.
 */
public final class OidcClientModel {

  /** On the Secret: the OidcClient it belongs to. */
  public static final String CLIENT_LABEL = "rampart.dev/oidc-client";

  /**
   * Scopes every client's tokens carry: the subject, auth time and amr (basic), acr, the realm
   * roles the decision point binds (roles) and the allowed origins.
   */
  static final List<String> DEFAULT_SCOPES = List.of("basic", "acr", "roles", "web-origins");

  private OidcClientModel() {}

  /** Namespaces hold no dots, so the first one splits the id unambiguously. */
  public static String clientId(OidcClient client) {
    return client.getMetadata().getNamespace() + "." + client.getMetadata().getName();
  }

  public static String secretName(OidcClient client) {
    String name = client.getSpec().getSecretName();
    return name == null || name.isEmpty() ? client.getMetadata().getName() + "-oidc" : name;
  }

  public static boolean isConfidential(OidcClient client) {
    return client.getSpec().getType() == OidcClientType.CONFIDENTIAL;
  }

  /** The fields of Keycloak's client representation Rampart sets (and compares). */
  public static ObjectNode representation(OidcClient client) {
    ObjectNode json = TenantRealm.JSON.createObjectNode();
    String clientId = clientId(client);
    json.put("clientId", clientId);
    json.put("name", clientId);
    json.put("description", "Rampart: OidcClient " + clientId.replaceFirst("\\.", "/"));
    json.put("protocol", "openid-connect");
    json.put("enabled", true);
    json.put("publicClient", !isConfidential(client));
    json.put("clientAuthenticatorType", "client-secret");
    json.put("standardFlowEnabled", !client.getSpec().getRedirectUris().isEmpty());
    json.put("implicitFlowEnabled", false);
    json.put("directAccessGrantsEnabled", false);
    json.put("serviceAccountsEnabled", client.getSpec().isServiceAccount());
    json.put("consentRequired", false);
    json.put("frontchannelLogout", false);
    strings(json.putArray("redirectUris"), client.getSpec().getRedirectUris());
    strings(json.putArray("webOrigins"), client.getSpec().getWebOrigins());
    ObjectNode attributes = json.putObject("attributes");
    attributes.put("pkce.code.challenge.method", "S256");
    attributes.put("oauth2.device.authorization.grant.enabled", "false");
    attributes.put("oidc.ciba.grant.enabled", "false");
    attributes.put("use.refresh.tokens", "true");
    attributes.put(
        "post.logout.redirect.uris", String.join("##", client.getSpec().getRedirectUris()));
    strings(json.putArray("defaultClientScopes"), DEFAULT_SCOPES);
    strings(json.putArray("optionalClientScopes"), client.getSpec().getScopes());
    // Resource servers (the billing gateway among them) accept a token only with their audience.
    ObjectNode audience = json.putArray("protocolMappers").addObject();
    audience.put("name", "audience");
    audience.put("protocol", "openid-connect");
    audience.put("protocolMapper", "oidc-audience-mapper");
    ObjectNode config = audience.putObject("config");
    config.put("included.client.audience", clientId);
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "false");
    config.put("introspection.token.claim", "true");
    return json;
  }

  /** A confidential client's credentials: client-id, client-secret and the issuer. */
  public static Map<String, String> credentials(
      OidcClient client, String clientSecret, String issuer) {
    Map<String, String> credentials = new TreeMap<>();
    credentials.put("client-id", clientId(client));
    credentials.put("client-secret", clientSecret);
    credentials.put("issuer", issuer);
    return credentials;
  }

  /** Whether the credentials go to the tenant's Vault KV rather than a Secret. */
  public static boolean inVault(OidcClient client) {
    return isConfidential(client) && client.getSpec().getVault() != null;
  }

  /** The confidential client's Secret, holding its {@link #credentials}. */
  public static Secret secret(OidcClient client, String clientSecret, String issuer) {
    Map<String, String> data = new TreeMap<>();
    credentials(client, clientSecret, issuer).forEach((key, value) -> data.put(key, base64(value)));
    return new SecretBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(secretName(client))
                .withNamespace(client.getMetadata().getNamespace())
                .withLabels(
                    Map.of(
                        Labels.MANAGED_BY,
                        Labels.MANAGED_BY_RAMPART,
                        CLIENT_LABEL,
                        client.getMetadata().getName()))
                .withOwnerReferences(Owners.controller(client))
                .build())
        .withType("Opaque")
        .withData(data)
        .build();
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
