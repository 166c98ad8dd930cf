package dev.rampart.operator.model.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.api.tenantrole.TenantRole;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The realm roles of a tenant: one per TenantRole, so tokens name the roles the policy decision
 * point binds. A role whose TenantRole requires MFA is a composite of {@link #MFA_REQUIRED}, so
 * whoever holds it holds that marker too, and the browser flow's role condition asks them for a
 * second factor.
 */
public final class RealmRoles {

  public static final String MFA_REQUIRED = "rampart-mfa-required";

  /** Marks the roles Rampart manages, so that it removes those alone. */
  public static final String MANAGED_ATTRIBUTE = "rampart.dev/managed";

  /** A realm role as Rampart wants it. */
  public record Role(String name, String description, boolean requiresMfa) {}

  private RealmRoles() {}

  public static List<Role> desired(Collection<TenantRole> roles) {
    return Stream.concat(
            Stream.of(
                new Role(
                    MFA_REQUIRED,
                    "Rampart: holders must complete a second factor (TOTP or WebAuthn) at login",
                    false)),
            roles.stream()
                .map(
                    r ->
                        new Role(
                            r.getMetadata().getName(),
                            "Rampart: TenantRole "
                                + r.getMetadata().getNamespace()
                                + "/"
                                + r.getMetadata().getName(),
                            r.getSpec().isRequireMfa())))
        .sorted(Comparator.comparing(Role::name))
        .distinct()
        .toList();
  }

  /** The representation Rampart creates or updates a role with (composites apart). */
  public static ObjectNode representation(Role role) {
    ObjectNode json = TenantRealm.JSON.createObjectNode();
    json.put("name", role.name());
    json.put("description", role.description());
    json.putObject("attributes").putArray(MANAGED_ATTRIBUTE).add("true");
    return json;
  }
}
