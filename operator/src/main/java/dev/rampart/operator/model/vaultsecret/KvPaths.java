package dev.rampart.operator.model.vaultsecret;

import dev.rampart.operator.api.vaultsecret.KvSource;
import dev.rampart.operator.model.tenant.TenantVaultModel;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Where a VaultSecret reads: always below its tenant's KV prefix. The CRD refuses unsafe paths; the
 * same rules are checked again here so that a path the API server let through (an older CRD) is
 * never sent to Vault.
 */
public final class KvPaths {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/-]+");

  private KvPaths() {}

  /** Whether {@code path} stays below the tenant's prefix: relative, no '.'/'..' or empty parts. */
  public static boolean isSafe(String path) {
    return path != null
        && ALLOWED.matcher(path).matches()
        && Arrays.stream(path.split("/", -1))
            .noneMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."));
  }

  /** {@code secret/data/tenants/<tenant>/<path>}, with {@code ?version=N} when one is pinned. */
  public static String dataPath(String tenant, KvSource kv) {
    if (!isSafe(kv.getPath())) {
      throw new IllegalArgumentException("unsafe KV path");
    }
    String path = TenantVaultModel.KV + "/data/" + tenantPath(tenant, kv);
    return kv.getVersion() == null ? path : path + "?version=" + kv.getVersion();
  }

  /** {@code tenants/<tenant>/<path>}: where the entry is, as a person names it. */
  public static String tenantPath(String tenant, KvSource kv) {
    return TenantVaultModel.kvPrefix(tenant) + "/" + kv.getPath();
  }
}
