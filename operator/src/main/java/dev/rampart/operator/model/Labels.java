package dev.rampart.operator.model;

import java.util.Map;

/** Labels and names shared by everything Rampart provisions. */
public final class Labels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_RAMPART = "rampart";
  public static final String TENANT = "rampart.dev/tenant";

  /** Set by the API server on every namespace and immutable, so safe to select tenants by. */
  public static final String NAMESPACE_NAME = "kubernetes.io/metadata.name";

  private Labels() {}

  /** The labels that mark an object as Rampart's, provisioned for {@code tenant}. */
  public static Map<String, String> forTenant(String tenant) {
    return Map.of(MANAGED_BY, MANAGED_BY_RAMPART, TENANT, tenant);
  }
}
