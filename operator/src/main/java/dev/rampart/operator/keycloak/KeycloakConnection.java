package dev.rampart.operator.keycloak;

import dev.rampart.operator.tls.TrustBundle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.client.jaxrs.ResteasyClient;
import org.jboss.resteasy.client.jaxrs.ResteasyClientBuilder;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.JacksonProvider;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;

/**
 * Builds Rampart's Keycloak admin client from its configuration. Every request it makes is counted
 * by method in {@code rampart_keycloak_requests_total} (its token grants as TOKEN), so a steady
 * state can be shown to read only.
 */
public final class KeycloakConnection {

  private KeycloakConnection() {}

  public static Keycloak open(KeycloakConfig config, MeterRegistry registry) {
    ResteasyClientBuilder builder =
        ((ResteasyClientBuilder) ResteasyClientBuilder.newBuilder())
            .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .connectionPoolSize(10);
    config.caFile().ifPresent(ca -> builder.sslContext(TrustBundle.sslContext(ca, "Keycloak")));
    // Keycloak's own provider: its representations as Keycloak writes them (no nulls).
    builder.register(new JacksonProvider());
    builder.register(counting(registry));
    ResteasyClient client = builder.build();
    return KeycloakBuilder.builder()
        .serverUrl(config.url().toString())
        .realm("master")
        .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
        .clientId(config.clientId())
        .clientSecret(config.clientSecret())
        .resteasyClient(client)
        .build();
  }

  private static ClientRequestFilter counting(MeterRegistry registry) {
    Map<String, Counter> counters = new ConcurrentHashMap<>();
    return request -> {
      // Rampart's own token grants are not changes to any realm.
      String method =
          request.getUri().getPath().endsWith("/protocol/openid-connect/token")
              ? "TOKEN"
              : request.getMethod().toUpperCase(Locale.ROOT);
      counters
          .computeIfAbsent(
              method,
              m ->
                  Counter.builder("rampart_keycloak_requests")
                      .description(
                          "Requests Rampart made to Keycloak: Admin REST API requests by method,"
                              + " and TOKEN for its own token grants")
                      .tag("method", m)
                      .register(registry))
          .increment();
    };
  }
}
