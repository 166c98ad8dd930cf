package dev.rampart.operator.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenant.VaultStatus;
import dev.rampart.operator.model.tenant.TenantVaultModel;
import dev.rampart.operator.model.tenant.VaultOutcome;
import dev.rampart.operator.vault.RetiredTransitKeys;
import dev.rampart.operator.vault.Vault;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's state in Vault: its transit key, policy and kubernetes-auth role. Each is read first
 * and written only when it differs, so a steady state makes no writes to Vault either.
 */
final class TenantVault {

  private final Vault vault;
  private final VaultConfig config;
  private final RetiredTransitKeys retired;

  TenantVault(Vault vault, VaultConfig config, RetiredTransitKeys retired) {
    this.vault = vault;
    this.config = config;
    this.retired = retired;
  }

  /**
   * @param namespaces the namespaces the tenant owns; with none, nothing is created in Vault (a
   *     role must bind some namespace) and a role left from before is removed
   */
  VaultOutcome reconcile(Tenant tenant, List<String> namespaces) {
    try {
      if (namespaces.isEmpty()) {
        if (vault.read(rolePath(tenant)).isPresent()) {
          vault.delete(rolePath(tenant));
        }
        return VaultOutcome.noNamespace();
      }
      ensureTransitKey(tenant);
      ensurePolicy(tenant);
      ensureRole(tenant, namespaces);
      return VaultOutcome.converged(
          new VaultStatus(
              TenantVaultModel.transitKey(tenant),
              TenantVaultModel.policyName(tenant),
              TenantVaultModel.roleName(tenant),
              TenantVaultModel.KV + "/" + TenantVaultModel.kvPrefix(tenant)));
    } catch (VaultException e) {
      return VaultOutcome.failed(
          e.unavailable() ? "VaultUnavailable" : "VaultRefused", e.getMessage());
    }
  }

  /**
   * Removes the tenant's access (role, policy) at once and schedules its transit key for deletion
   * after the retention period, so data encrypted with it stays decryptable until then.
   */
  void retire(Tenant tenant, Instant now) {
    vault.delete(rolePath(tenant));
    vault.delete(policyPath(tenant));
    retired.record(TenantVaultModel.transitKey(tenant), now.plus(config.keyRetention()));
  }

  private void ensureTransitKey(Tenant tenant) {
    String path = TenantVaultModel.TRANSIT + "/keys/" + TenantVaultModel.transitKey(tenant);
    Optional<JsonNode> key = vault.read(path);
    if (key.isEmpty()) {
      vault.writeConfiguration(path, Map.of("type", "aes256-gcm96", "exportable", false));
    }
    Map<String, Object> wanted = TenantVaultModel.keyConfig(rotationPeriod(tenant));
    boolean matches =
        key.isPresent()
            && key.get().path("deletion_allowed").asBoolean(true) == false
            && key.get().path("exportable").asBoolean(true) == false
            && key.get().path("auto_rotate_period").asLong(-1)
                == (long) wanted.get("auto_rotate_period");
    if (!matches) {
      vault.writeConfiguration(path + "/config", wanted);
    }
  }

  private void ensurePolicy(Tenant tenant) {
    String wanted = TenantVaultModel.policy(tenant);
    Optional<JsonNode> current = vault.read(policyPath(tenant));
    if (current.isEmpty() || !wanted.equals(current.get().path("policy").asText())) {
      vault.writeConfiguration(policyPath(tenant), Map.of("policy", wanted));
    }
  }

  private void ensureRole(Tenant tenant, List<String> namespaces) {
    Map<String, Object> wanted = TenantVaultModel.role(tenant, namespaces, config.tenantTokenTtl());
    Optional<JsonNode> current = vault.read(rolePath(tenant));
    if (current.isEmpty() || !roleMatches(wanted, current.get())) {
      vault.writeConfiguration(rolePath(tenant), wanted);
    }
  }

  /** Compares the fields Rampart sets; Vault returns numbers as seconds and lists in order. */
  private static boolean roleMatches(Map<String, Object> wanted, JsonNode current) {
    for (Map.Entry<String, Object> field : wanted.entrySet()) {
      JsonNode actual = current.path(field.getKey());
      boolean same =
          field.getValue() instanceof List<?> list
              ? Objects.equals(list, texts(actual))
              : Objects.equals(String.valueOf(field.getValue()), actual.asText());
      if (!same) {
        return false;
      }
    }
    return true;
  }

  private static List<String> texts(JsonNode array) {
    List<String> result = new ArrayList<>();
    array.forEach(item -> result.add(item.asText()));
    return result;
  }

  private static Duration rotationPeriod(Tenant tenant) {
    return Duration.parse(
        "PT" + tenant.getSpec().getEncryption().getKeyRotationPeriod().toUpperCase());
  }

  private String rolePath(Tenant tenant) {
    return "auth/" + config.kubernetesMount() + "/role/" + TenantVaultModel.roleName(tenant);
  }

  private static String policyPath(Tenant tenant) {
    return "sys/policies/acl/" + TenantVaultModel.policyName(tenant);
  }
}
