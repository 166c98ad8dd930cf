package dev.rampart.operator.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.keycloak.KeycloakFailure;
import dev.rampart.operator.model.auth.JsonSubset;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientsResource;
import org.keycloak.representations.idm.ClientRepresentation;

/**
 * An application's client in its tenant's realm, read first and written only when it differs from
 * what {@link dev.rampart.operator.model.auth.OidcClientModel} says.
 */
final class ClientSync {

  /**
   * The client's secret and when Keycloak made it, for a confidential client; the secret is never
   * logged or put in status.
   */
  record Converged(
      String id, Optional<String> secret, Optional<Instant> created, boolean changed) {}

  /** Where Keycloak records a secret's making, in epoch seconds, with the secret. */
  static final String SECRET_CREATED = "client.secret.creation.time";

  private final Keycloak keycloak;

  ClientSync(Keycloak keycloak) {
    this.keycloak = keycloak;
  }

  Converged converge(String realm, ObjectNode wanted, boolean confidential) {
    String clientId = wanted.path("clientId").asText();
    try {
      ClientsResource clients = keycloak.realm(realm).clients();
      Optional<ClientRepresentation> current = find(clients, clientId);
      boolean changed = false;
      String id;
      Optional<Instant> created;
      if (current.isEmpty()) {
        Response response =
            clients.create(RealmSync.JSON.convertValue(wanted, ClientRepresentation.class));
        if (response.getStatus() >= 300) {
          // Read before closing: Keycloak's answer says which client policy refused it.
          response.bufferEntity();
          throw new WebApplicationException(response);
        }
        response.close();
        ClientRepresentation made = find(clients, clientId).orElseThrow();
        id = made.getId();
        created = secretCreated(made);
        changed = true;
      } else {
        id = current.get().getId();
        created = secretCreated(current.get());
        ObjectNode settings = withoutCollections(wanted);
        if (!JsonSubset.contains(RealmSync.JSON.valueToTree(current.get()), settings)) {
          settings.put("id", id);
          clients.get(id).update(RealmSync.JSON.convertValue(settings, ClientRepresentation.class));
          // An update of a client whose secret expired makes Keycloak replace the secret.
          created = secretCreated(clients.get(id).toRepresentation());
          changed = true;
        }
        // Keycloak updates neither mappers nor scopes with the client: each has its own endpoint.
        if (!hasMappers(current.get(), wanted)) {
          ensureMappers(clients, id, current.get(), wanted);
          changed = true;
        }
        changed |= convergeScopes(realm, id, current.get(), wanted);
      }
      Optional<String> secret =
          confidential ? Optional.of(clients.get(id).getSecret().getValue()) : Optional.empty();
      return new Converged(id, secret, confidential ? created : Optional.empty(), changed);
    } catch (RuntimeException e) {
      throw KeycloakFailure.of("converging client " + clientId + " of realm " + realm, e);
    }
  }

  void delete(String realm, String clientId) {
    try {
      ClientsResource clients = keycloak.realm(realm).clients();
      find(clients, clientId).ifPresent(client -> clients.get(client.getId()).remove());
    } catch (jakarta.ws.rs.NotFoundException gone) {
      // The realm is gone, and the client with it.
    } catch (RuntimeException e) {
      throw KeycloakFailure.of("deleting client " + clientId + " of realm " + realm, e);
    }
  }

  /**
   * Replaces the client's secret and returns the new one. With the realm's secret-rotation
   * executor, Keycloak keeps the replaced one working for the overlap.
   */
  String replaceSecret(String realm, String id, String clientId) {
    try {
      return keycloak.realm(realm).clients().get(id).generateNewSecret().getValue();
    } catch (RuntimeException e) {
      throw KeycloakFailure.of(
          "replacing the secret of client " + clientId + " of realm " + realm, e);
    }
  }

  private static Optional<Instant> secretCreated(ClientRepresentation client) {
    return Optional.ofNullable(client.getAttributes())
        .map(attributes -> attributes.get(SECRET_CREATED))
        .filter(seconds -> seconds.matches("[0-9]{1,12}"))
        .map(seconds -> Instant.ofEpochSecond(Long.parseLong(seconds)));
  }

  private static Optional<ClientRepresentation> find(ClientsResource clients, String clientId) {
    List<ClientRepresentation> found = clients.findByClientId(clientId);
    return found.stream().filter(c -> clientId.equals(c.getClientId())).findFirst();
  }

  private static ObjectNode withoutCollections(ObjectNode wanted) {
    ObjectNode copy = wanted.deepCopy();
    copy.remove(List.of("protocolMappers", "defaultClientScopes", "optionalClientScopes"));
    return copy;
  }

  private boolean convergeScopes(
      String realm, String id, ClientRepresentation current, ObjectNode wanted) {
    Set<String> defaults = texts(wanted.path("defaultClientScopes"));
    Set<String> optional = texts(wanted.path("optionalClientScopes"));
    Set<String> currentDefaults = Set.copyOf(orEmpty(current.getDefaultClientScopes()));
    Set<String> currentOptional = Set.copyOf(orEmpty(current.getOptionalClientScopes()));
    if (defaults.equals(currentDefaults) && optional.equals(currentOptional)) {
      return false;
    }
    Map<String, String> scopeIds = new HashMap<>();
    keycloak
        .realm(realm)
        .clientScopes()
        .findAll()
        .forEach(s -> scopeIds.put(s.getName(), s.getId()));
    var client = keycloak.realm(realm).clients().get(id);
    for (String scope : currentDefaults) {
      if (!defaults.contains(scope) && scopeIds.containsKey(scope)) {
        client.removeDefaultClientScope(scopeIds.get(scope));
      }
    }
    for (String scope : currentOptional) {
      if (!optional.contains(scope) && scopeIds.containsKey(scope)) {
        client.removeOptionalClientScope(scopeIds.get(scope));
      }
    }
    for (String scope : defaults) {
      if (!currentDefaults.contains(scope) && scopeIds.containsKey(scope)) {
        client.addDefaultClientScope(scopeIds.get(scope));
      }
    }
    for (String scope : optional) {
      if (!currentOptional.contains(scope) && scopeIds.containsKey(scope)) {
        client.addOptionalClientScope(scopeIds.get(scope));
      }
    }
    return true;
  }

  private static Set<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
    Set<String> texts = new HashSet<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  private static boolean hasMappers(ClientRepresentation current, ObjectNode wanted) {
    var mappers = RealmSync.JSON.valueToTree(current).path("protocolMappers");
    for (var mapper : wanted.path("protocolMappers")) {
      boolean present = false;
      for (var actual : mappers) {
        present |= JsonSubset.contains(actual, mapper);
      }
      if (!present) {
        return false;
      }
    }
    return true;
  }

  private static void ensureMappers(
      ClientsResource clients, String id, ClientRepresentation current, ObjectNode wanted) {
    var resource = clients.get(id).getProtocolMappers();
    var existing = RealmSync.JSON.valueToTree(current).path("protocolMappers");
    for (var mapper : wanted.path("protocolMappers")) {
      for (var actual : existing) {
        if (mapper.path("name").asText().equals(actual.path("name").asText())) {
          resource.delete(actual.path("id").asText());
        }
      }
      resource
          .createMapper(
              RealmSync.JSON.convertValue(
                  mapper, org.keycloak.representations.idm.ProtocolMapperRepresentation.class))
          .close();
    }
  }
}
