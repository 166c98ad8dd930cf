package dev.rampart.operator.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.api.auth.ClientSecretRotation;
import dev.rampart.operator.api.auth.IdentityProvider;
import dev.rampart.operator.api.auth.SigningKeyStatus;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.keycloak.KeycloakFailure;
import dev.rampart.operator.model.auth.ClientPolicies;
import dev.rampart.operator.model.auth.IdentityProviders;
import dev.rampart.operator.model.auth.JsonSubset;
import dev.rampart.operator.model.auth.LoginFlow;
import dev.rampart.operator.model.auth.RealmRoles;
import dev.rampart.operator.model.auth.SigningKeyModel;
import dev.rampart.operator.model.auth.TenantRealm;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.token.TokenManager;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * A tenant's realm in Keycloak, brought to what {@link TenantRealm} and its siblings in {@code
 * model/auth} say. Each part is read first and written only when it differs, so a realm that is as
 * it should be costs reads only; each write is named in the result, for the Event that tells of it.
 */
final class RealmSync {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final String KEY_PROVIDER = "org.keycloak.keys.KeyProvider";

  private static final int ADMIN_GRANT_ATTEMPTS = 40;
  private static final Duration ADMIN_GRANT_WAIT = Duration.ofMillis(250);

  /** What a convergence did: the parts it wrote, and the signing keys the realm now has. */
  record Outcome(List<String> changes, List<SigningKeyStatus> signingKeys) {}

  private final Keycloak keycloak;

  RealmSync(Keycloak keycloak) {
    this.keycloak = keycloak;
  }

  /**
   * @param providerSecrets each identity provider's client secret, by alias
   */
  Outcome converge(
      Tenant tenant,
      Collection<TenantRole> roles,
      Map<String, String> providerSecrets,
      List<SigningKeyStatus> previousKeys,
      Instant now) {
    String name = TenantRealm.name(tenant);
    List<String> changes = new ArrayList<>();
    ObjectNode settings = TenantRealm.settings(tenant);
    ObjectNode realm =
        call(
            "reading realm " + name,
            () ->
                read(name)
                    .orElseGet(
                        () -> {
                          ObjectNode created = settings.deepCopy();
                          created.remove("browserFlow");
                          created.put("id", name);
                          keycloak.realms().create(convert(created, RealmRepresentation.class));
                          changes.add("realm created");
                          return administrable(name);
                        }));
    if (!TenantRealm.belongsTo(realm, tenant)) {
      throw KeycloakFailure.refused(
          "realm " + name + " exists and is not tenant " + tenant.getMetadata().getName() + "'s");
    }
    RealmResource resource = keycloak.realm(name);
    call("converging the roles of " + name, () -> convergeRoles(resource, roles, changes));
    List<IdentityProvider> providers = tenant.getSpec().getAuth().getIdentityProviders();
    // Each flow's id, by alias: listed once, for the flows to converge and those to remove.
    Map<String, String> flowIds = new HashMap<>();
    call(
        "listing the login flows of " + name,
        () -> resource.flows().getFlows().forEach(f -> flowIds.put(f.getAlias(), f.getId())));
    List<String> existingFlows = List.copyOf(flowIds.keySet());
    String browserFlow =
        call(
            "converging the browser flow of " + name,
            () ->
                convergeFlow(
                    resource,
                    LoginFlow.BROWSER,
                    Optional.of(realm.path("browserFlow").asText("")),
                    existingFlows,
                    changes));
    // Only brokered logins run the post-broker flow: none without a provider.
    Optional<String> postBrokerFlow =
        providers.isEmpty()
            ? Optional.empty()
            : Optional.of(
                call(
                    "converging the post-broker flow of " + name,
                    () ->
                        convergeFlow(
                            resource,
                            LoginFlow.POST_BROKER,
                            LoginFlow.POST_BROKER.newest(existingFlows),
                            existingFlows,
                            changes)));
    settings.put("browserFlow", browserFlow);
    List<String> differing = JsonSubset.differingFields(realm, settings);
    if (!differing.isEmpty()) {
      call(
          "updating realm " + name,
          () -> resource.update(convert(settings, RealmRepresentation.class)));
      changes.add("settings " + String.join(", ", differing));
    }
    call(
        "converging the client policies of " + name,
        () ->
            convergeClientPolicies(
                resource,
                Optional.ofNullable(tenant.getSpec().getAuth().getClientSecretRotation()),
                changes));
    call("converging the amr claim of " + name, () -> convergeAmrMapper(resource, changes));
    call(
        "converging the identity providers of " + name,
        () ->
            convergeIdentityProviders(
                resource, providers, providerSecrets, postBrokerFlow.orElse(""), changes));
    // Old flows go once nothing is bound to them any more.
    List<String> bound = new ArrayList<>(List.of(browserFlow));
    postBrokerFlow.ifPresent(bound::add);
    deleteStaleFlows(resource, flowIds, bound);
    List<SigningKeyStatus> keys =
        SigningKeyModel.statuses(tenant.getSpec().getAuth().getSigningKeys(), previousKeys, now);
    call(
        "converging the signing keys of " + name,
        () ->
            convergeKeys(
                resource,
                realm.path("id").asText(name),
                SigningKeyModel.keys(tenant.getSpec().getAuth().getSigningKeys(), keys),
                changes));
    return new Outcome(changes, keys);
  }

  /**
   * The realm just created, once Rampart may administer it. Keycloak judges an admin request by the
   * roles in its token, and grants the creator its admin roles a moment after the create: a token
   * issued before lacks them, and the realm reads back without its settings.
   */
  private ObjectNode administrable(String name) {
    TokenManager tokens = keycloak.tokenManager();
    for (int attempt = 0; attempt < ADMIN_GRANT_ATTEMPTS; attempt++) {
      tokens.invalidate(tokens.getAccessTokenString());
      Optional<ObjectNode> realm = read(name);
      if (realm.isPresent() && realm.get().has("id")) {
        return realm.get();
      }
      sleep(ADMIN_GRANT_WAIT);
    }
    throw KeycloakFailure.refused(
        "realm " + name + " was created, but Keycloak gives Rampart no admin roles in it");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The realm as Keycloak has it, or empty when there is none (or none Rampart may see). */
  Optional<ObjectNode> read(String realm) {
    try {
      return Optional.of(JSON.valueToTree(keycloak.realm(realm).toRepresentation()));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (jakarta.ws.rs.ForbiddenException e) {
      // A realm Rampart did not create is hidden from it: the same as none, for reading.
      return Optional.empty();
    }
  }

  void delete(String realm) {
    call(
        "deleting realm " + realm,
        () -> {
          try {
            keycloak.realm(realm).remove();
          } catch (NotFoundException gone) {
            // Already gone: what deleting wanted.
          }
        });
  }

  private void convergeRoles(
      RealmResource realm, Collection<TenantRole> tenantRoles, List<String> changes) {
    Map<String, RoleRepresentation> existing = new HashMap<>();
    realm.roles().list(false).forEach(role -> existing.put(role.getName(), role));
    List<RealmRoles.Role> desired = RealmRoles.desired(tenantRoles);
    Map<String, Boolean> composite = new HashMap<>();
    for (RealmRoles.Role role : desired) {
      RoleRepresentation current = existing.remove(role.name());
      ObjectNode wanted = RealmRoles.representation(role);
      if (current == null) {
        realm.roles().create(convert(wanted, RoleRepresentation.class));
        changes.add("role " + role.name() + " created");
      } else if (!JsonSubset.contains(JSON.valueToTree(current), wanted)) {
        realm.roles().get(role.name()).update(convert(wanted, RoleRepresentation.class));
        changes.add("role " + role.name() + " updated");
      }
      composite.put(role.name(), current != null && Boolean.TRUE.equals(current.isComposite()));
    }
    // Composites once every role exists: the marker may be new too.
    for (RealmRoles.Role role : desired) {
      boolean isComposite = composite.get(role.name());
      if (role.requiresMfa() && !isComposite) {
        realm
            .roles()
            .get(role.name())
            .addComposites(List.of(realm.roles().get(RealmRoles.MFA_REQUIRED).toRepresentation()));
        changes.add("role " + role.name() + " requires MFA");
      } else if (!role.requiresMfa() && isComposite) {
        var roleResource = realm.roles().get(role.name());
        roleResource.deleteComposites(new ArrayList<>(roleResource.getRealmRoleComposites()));
        changes.add("role " + role.name() + " no longer requires MFA");
      }
    }
    existing.values().stream()
        .filter(role -> role.getAttributes() != null)
        .filter(role -> role.getAttributes().containsKey(RealmRoles.MANAGED_ATTRIBUTE))
        .forEach(
            role -> {
              realm.roles().get(role.getName()).remove();
              changes.add("role " + role.getName() + " removed");
            });
  }

  /**
   * The alias of a Rampart flow of {@code kind} that is as it should be, built when there is none.
   */
  private String convergeFlow(
      RealmResource realm,
      LoginFlow kind,
      Optional<String> current,
      List<String> existingFlows,
      List<String> changes) {
    AuthenticationManagementResource flows = realm.flows();
    Optional<Long> generation = current.flatMap(kind::generation);
    if (generation.isPresent()) {
      List<JsonNode> executions =
          flows.getExecutions(current.get()).stream()
              .map(e -> (JsonNode) JSON.valueToTree(e))
              .toList();
      if (kind.matches(current.get(), executions)) {
        return current.get();
      }
    }
    long next =
        existingFlows.stream()
                .map(kind::generation)
                .flatMap(Optional::stream)
                .max(Long::compare)
                .orElse(0L)
            + 1;
    String alias = kind.alias(next);
    buildFlow(flows, kind, alias);
    changes.add(kind.label() + (generation.isPresent() ? " rebuilt (it had drifted)" : " created"));
    return alias;
  }

  private static void buildFlow(
      AuthenticationManagementResource flows, LoginFlow kind, String alias) {
    AuthenticationFlowRepresentation top = new AuthenticationFlowRepresentation();
    top.setAlias(alias);
    top.setDescription(kind.description());
    top.setProviderId("basic-flow");
    top.setTopLevel(true);
    top.setBuiltIn(false);
    flows.createFlow(top).close();
    for (LoginFlow.Step step : kind.steps(alias)) {
      if (step.isSubflow()) {
        flows.addExecutionFlow(
            step.parent(),
            Map.of(
                "alias",
                step.subflow(),
                "type",
                "basic-flow",
                "provider",
                "registration-page-form",
                "description",
                "Rampart"));
      } else {
        flows.addExecution(step.parent(), Map.of("provider", step.authenticator()));
      }
      var added =
          flows.getExecutions(step.parent()).stream()
              .filter(e -> e.getLevel() == 0)
              .reduce((first, second) -> second)
              .orElseThrow();
      added.setRequirement(step.requirement());
      flows.updateExecutions(step.parent(), added);
      if (!step.config().isEmpty()) {
        AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
        config.setAlias(step.parent() + " " + step.identity());
        config.setConfig(step.config());
        flows.newExecutionConfig(added.getId(), config).close();
      }
    }
  }

  /** Rampart's flows other than the bound ones: left from a rebuild, or no longer needed. */
  private void deleteStaleFlows(
      RealmResource realm, Map<String, String> flowIds, List<String> bound) {
    call(
        "removing old login flows",
        () ->
            flowIds.forEach(
                (alias, id) -> {
                  boolean ramparts =
                      LoginFlow.BROWSER.generation(alias).isPresent()
                          || LoginFlow.POST_BROKER.generation(alias).isPresent();
                  if (ramparts && !bound.contains(alias)) {
                    realm.flows().deleteFlow(id);
                  }
                }));
  }

  private static void convergeClientPolicies(
      RealmResource realm, Optional<ClientSecretRotation> rotation, List<String> changes) {
    ObjectNode profiles = ClientPolicies.profiles(rotation);
    JsonNode currentProfiles =
        JSON.valueToTree(realm.clientPoliciesProfilesResource().getProfiles(false));
    if (!JsonSubset.contains(currentProfiles, profiles)) {
      try {
        realm
            .clientPoliciesProfilesResource()
            .updateProfiles(convert(profiles, ClientProfilesRepresentation.class));
      } catch (BadRequestException e) {
        throw rotation.isEmpty()
            ? e
            : KeycloakFailure.refused(
                "Keycloak refused the client profile with the secret-rotation executor: without"
                    + " its client-secret-rotation feature (kc.sh --features=client-secret-rotation)"
                    + " it cannot keep spec.auth.clientSecretRotation; "
                    + KeycloakFailure.of("the update", e).getMessage());
      }
      changes.add("client profiles");
    }
    ObjectNode policies = ClientPolicies.policies();
    JsonNode currentPolicies =
        JSON.valueToTree(realm.clientPoliciesPoliciesResource().getPolicies());
    if (!JsonSubset.contains(currentPolicies, policies)) {
      realm
          .clientPoliciesPoliciesResource()
          .updatePolicies(convert(policies, ClientPoliciesRepresentation.class));
      changes.add("client policies");
    }
  }

  /** The amr claim in every client's tokens: a mapper in the realm's default basic scope. */
  private static void convergeAmrMapper(RealmResource realm, List<String> changes) {
    ClientScopeRepresentation basic =
        realm.clientScopes().findAll().stream()
            .filter(scope -> "basic".equals(scope.getName()))
            .findFirst()
            .orElseThrow(() -> KeycloakFailure.refused("the realm has no basic client scope"));
    boolean present =
        basic.getProtocolMappers() != null
            && basic.getProtocolMappers().stream()
                .anyMatch(mapper -> "oidc-amr-mapper".equals(mapper.getProtocolMapper()));
    if (!present) {
      ProtocolMapperRepresentation amr = new ProtocolMapperRepresentation();
      amr.setName("amr");
      amr.setProtocol("openid-connect");
      amr.setProtocolMapper("oidc-amr-mapper");
      amr.setConfig(
          Map.of(
              "access.token.claim", "true",
              "id.token.claim", "true",
              "introspection.token.claim", "true"));
      realm.clientScopes().get(basic.getId()).getProtocolMappers().createMapper(amr).close();
      changes.add("amr claim");
    }
  }

  private static void convergeIdentityProviders(
      RealmResource realm,
      List<IdentityProvider> providers,
      Map<String, String> secrets,
      String postBrokerFlow,
      List<String> changes) {
    Map<String, IdentityProviderRepresentation> existing = new HashMap<>();
    realm.identityProviders().findAll().forEach(p -> existing.put(p.getAlias(), p));
    for (IdentityProvider provider : providers) {
      String secret = secrets.get(provider.getAlias());
      IdentityProviderRepresentation current = existing.remove(provider.getAlias());
      ObjectNode wanted = IdentityProviders.settings(provider, secret, postBrokerFlow);
      if (current == null || !JsonSubset.contains(JSON.valueToTree(current), wanted)) {
        // Endpoints come from the provider's discovery document, read by Keycloak itself.
        Map<String, String> endpoints =
            realm
                .identityProviders()
                .importFrom(
                    Map.<String, Object>of(
                        "providerId", "oidc", "fromUrl", IdentityProviders.discoveryUrl(provider)));
        IdentityProviderRepresentation next =
            convert(
                IdentityProviders.representation(provider, secret, postBrokerFlow, endpoints),
                IdentityProviderRepresentation.class);
        if (current == null) {
          realm.identityProviders().create(next).close();
          changes.add("identity provider " + provider.getAlias() + " created");
        } else {
          next.setInternalId(current.getInternalId());
          realm.identityProviders().get(provider.getAlias()).update(next);
          changes.add("identity provider " + provider.getAlias() + " updated");
        }
      }
      convergeProviderMappers(realm, provider, changes);
    }
    existing.values().stream()
        .filter(
            p ->
                p.getConfig() != null && p.getConfig().containsKey(IdentityProviders.SECRET_DIGEST))
        .forEach(
            p -> {
              realm.identityProviders().get(p.getAlias()).remove();
              changes.add("identity provider " + p.getAlias() + " removed");
            });
  }

  private static void convergeProviderMappers(
      RealmResource realm, IdentityProvider provider, List<String> changes) {
    var resource = realm.identityProviders().get(provider.getAlias());
    Map<String, IdentityProviderMapperRepresentation> existing = new HashMap<>();
    resource.getMappers().forEach(m -> existing.put(m.getName(), m));
    for (ObjectNode wanted : IdentityProviders.mappers(provider)) {
      IdentityProviderMapperRepresentation current = existing.remove(wanted.path("name").asText());
      if (current != null && JsonSubset.contains(JSON.valueToTree(current), wanted)) {
        continue;
      }
      if (current != null) {
        resource.delete(current.getId());
      }
      resource.addMapper(convert(wanted, IdentityProviderMapperRepresentation.class)).close();
      changes.add("identity provider mapper " + wanted.path("name").asText());
    }
    existing.values().stream()
        .filter(m -> IdentityProviders.isRamparts(m.getName()))
        .forEach(
            m -> {
              resource.delete(m.getId());
              changes.add("identity provider mapper " + m.getName() + " removed");
            });
  }

  private static void convergeKeys(
      RealmResource realm,
      String realmId,
      List<SigningKeyModel.Key> desired,
      List<String> changes) {
    Map<String, ComponentRepresentation> existing = new HashMap<>();
    realm.components().query(realmId, KEY_PROVIDER).forEach(c -> existing.put(c.getName(), c));
    for (SigningKeyModel.Key key : desired) {
      ComponentRepresentation current = existing.remove(key.name());
      if (current == null) {
        ComponentRepresentation component = new ComponentRepresentation();
        component.setName(key.name());
        component.setProviderId(key.providerId());
        component.setProviderType(KEY_PROVIDER);
        component.setParentId(realmId);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putAll(key.config());
        component.setConfig(config);
        Response response = realm.components().add(component);
        response.close();
        changes.add("signing key " + key.name() + " created");
      } else if (!sameConfig(current, key)) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putAll(current.getConfig());
        config.putAll(key.config());
        current.setConfig(config);
        realm.components().component(current.getId()).update(current);
        changes.add("signing key " + key.name() + " updated");
      }
    }
    existing.values().stream()
        .filter(
            c ->
                SigningKeyModel.isRamparts(c.getName())
                    || SigningKeyModel.KEYCLOAK_DEFAULT_KEY.equals(c.getName()))
        .forEach(
            c -> {
              realm.components().component(c.getId()).remove();
              changes.add("signing key " + c.getName() + " removed");
            });
  }

  private static boolean sameConfig(ComponentRepresentation current, SigningKeyModel.Key key) {
    return key.config().entrySet().stream()
        .allMatch(e -> e.getValue().equals(current.getConfig().get(e.getKey())));
  }

  private static <T> T convert(JsonNode json, Class<T> type) {
    return JSON.convertValue(json, type);
  }

  private static void call(String what, Runnable action) {
    call(
        what,
        () -> {
          action.run();
          return null;
        });
  }

  private static <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw KeycloakFailure.of(what, e);
    }
  }
}
