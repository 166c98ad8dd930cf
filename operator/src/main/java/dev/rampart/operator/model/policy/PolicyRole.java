package dev.rampart.operator.model.policy;

import dev.rampart.operator.api.tenant.DataClassification;
import java.util.List;
import java.util.Optional;

/**
 * A role of a tenant as the policy library decides on it: what it permits, on which resource types,
 * under which attribute conditions, and whether it needs a second authentication factor.
 */
public record PolicyRole(String name, boolean requireMfa, List<Permission> permissions) {

  public PolicyRole {
    permissions = List.copyOf(permissions);
  }

  /** Actions on one resource type, allowed where every condition holds. */
  public record Permission(String resource, List<String> actions, Conditions conditions) {

    public Permission {
      actions = List.copyOf(actions);
    }
  }

  /**
   * Attribute conditions, all of which must hold; an absent one does not restrict.
   *
   * @param sameDepartment the resource's department must be the principal's
   * @param regions the resource's region must be one of these
   * @param maxSensitivity the resource's sensitivity must not exceed this
   * @param ownerOnly the principal must own the resource
   */
  public record Conditions(
      boolean sameDepartment,
      Optional<List<String>> regions,
      Optional<DataClassification> maxSensitivity,
      boolean ownerOnly) {

    public static final Conditions NONE =
        new Conditions(false, Optional.empty(), Optional.empty(), false);

    public Conditions {
      regions = regions.map(List::copyOf);
    }
  }
}
