package dev.rampart.operator.model.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tenant owns in Vault: its transit key (envelope encryption), a policy that grants only the
 * tenant's own paths, and a kubernetes-auth role that gives that policy to the tenant's service
 * accounts. Names carry the tenant's uid, so a new tenant with an old name never inherits a
 * retained key.
 */
public final class TenantVaultModel {

  /** Where Rampart expects the engines; the Vault side of the setup in the README. */
  public static final String TRANSIT = "transit";

  public static final String KV = "secret";
  public static final String DATABASE = "database";

  private TenantVaultModel() {}

  /** {@code <tenant>-<first 8 characters of its uid>}: unique per incarnation of a tenant name. */
  public static String id(Tenant tenant) {
    return tenant.getMetadata().getName() + "-" + tenant.getMetadata().getUid().substring(0, 8);
  }

  public static String transitKey(Tenant tenant) {
    return "tenant-" + id(tenant);
  }

  public static String policyName(Tenant tenant) {
    return "rampart-tenant-" + id(tenant);
  }

  public static String roleName(Tenant tenant) {
    return roleName(tenant.getMetadata().getName());
  }

  /** The kubernetes-auth role of the tenant named {@code tenant}. */
  public static String roleName(String tenant) {
    return "tenant-" + tenant;
  }

  /** The tenant's KV v2 prefix: {@code secret/data/tenants/<tenant>/...}. */
  public static String kvPrefix(Tenant tenant) {
    return kvPrefix(tenant.getMetadata().getName());
  }

  /** The KV v2 prefix of the tenant named {@code tenant}. */
  public static String kvPrefix(String tenant) {
    return "tenants/" + tenant;
  }

  /** Database roles Rampart creates for the tenant are named {@code tenant-<tenant>-...}. */
  public static String databaseRolePrefix(Tenant tenant) {
    return databaseRolePrefix(tenant.getMetadata().getName());
  }

  /** The prefix of the database roles of the tenant named {@code tenant}. */
  public static String databaseRolePrefix(String tenant) {
    return "tenant-" + tenant + "-";
  }

  /**
   * The tenant's policy: its KV subtree, encrypt/decrypt/rewrap with its own transit key, and
   * credentials of its own database roles (and renewing and revoking their leases). Nothing else,
   * so a token of tenant A is useless on B.
   */
  public static String policy(Tenant tenant) {
    String kv = kvPrefix(tenant);
    String key = transitKey(tenant);
    return String.join(
        "\n",
        "# Managed by Rampart for tenant "
            + tenant.getMetadata().getName()
            + "; edits are reverted.",
        "path \"" + KV + "/data/" + kv + "/*\" {",
        "  capabilities = [\"create\", \"read\", \"update\", \"delete\"]",
        "}",
        "path \"" + KV + "/metadata/" + kv + "/*\" {",
        "  capabilities = [\"read\", \"list\", \"delete\"]",
        "}",
        "path \"" + TRANSIT + "/encrypt/" + key + "\" {",
        "  capabilities = [\"update\"]",
        "}",
        "path \"" + TRANSIT + "/decrypt/" + key + "\" {",
        "  capabilities = [\"update\"]",
        "}",
        "path \"" + TRANSIT + "/rewrap/" + key + "\" {",
        "  capabilities = [\"update\"]",
        "}",
        "path \"" + DATABASE + "/creds/" + databaseRolePrefix(tenant) + "*\" {",
        "  capabilities = [\"read\"]",
        "}",
        // Renewing and revoking name the lease in the URL (sys/leases/renew/<lease id>), so the
        // policy can restrict them to leases of the tenant's own roles; the body form
        // (sys/leases/renew with lease_id in the body) is not granted, as a path rule could not
        // restrict which lease it names.
        "path \"sys/leases/renew/" + DATABASE + "/creds/" + databaseRolePrefix(tenant) + "*\" {",
        "  capabilities = [\"update\"]",
        "}",
        "path \"sys/leases/revoke/" + DATABASE + "/creds/" + databaseRolePrefix(tenant) + "*\" {",
        "  capabilities = [\"update\"]",
        "}",
        "");
  }

  /** The kubernetes-auth role: any service account of the tenant's namespaces, short tokens. */
  public static Map<String, Object> role(
      Tenant tenant, List<String> namespaces, Duration tokenTtl) {
    Map<String, Object> role = new LinkedHashMap<>();
    role.put("bound_service_account_names", List.of("*"));
    role.put("bound_service_account_namespaces", List.copyOf(namespaces));
    role.put("token_policies", List.of(policyName(tenant)));
    role.put("token_ttl", tokenTtl.toSeconds());
    role.put("token_max_ttl", tokenTtl.multipliedBy(4).toSeconds());
    return role;
  }

  /**
   * Settings of the tenant's transit key: never exportable, never deletable while the tenant
   * exists, auto-rotated on the tenant's period (0 turns auto-rotation off).
   */
  public static Map<String, Object> keyConfig(Duration rotationPeriod) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("deletion_allowed", false);
    config.put("exportable", false);
    config.put("auto_rotate_period", rotationPeriod.toSeconds());
    return config;
  }
}
