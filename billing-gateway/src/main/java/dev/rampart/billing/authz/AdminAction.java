package dev.rampart.billing.authz;

/** An admin call that changes something, as the tenant's policy names it: an action on a type. */
public enum AdminAction {
  CREATE_ADJUSTMENT("create", "adjustment"),
  APPROVE_ADJUSTMENT("approve", "adjustment"),
  ENABLE_FORWARDING("update", "forwarding");

  private final String action;
  private final String resourceType;

  AdminAction(String action, String resourceType) {
    this.action = action;
    this.resourceType = resourceType;
  }

  /** The policy's {@code input.action}. */
  public String action() {
    return action;
  }

  /** The policy's {@code input.resource.type}. */
  public String resourceType() {
    return resourceType;
  }

  @Override
  public String toString() {
    return action + " " + resourceType;
  }
}
