package dev.rampart.operator.tenant;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.tenant.OperatorAccessModel;
import dev.rampart.operator.model.tenant.TenantStatusModel;
import dev.rampart.operator.vault.Vault;
import dev.rampart.operator.vault.VaultConfig;
import dev.rampart.operator.vault.VaultException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Clock;
import java.util.Optional;

/**
 * The Tenant reconciler of a Rampart connected to Vault. Tenants then have state outside the
 * cluster, so they carry a finalizer: before a Tenant goes, its Vault role and policy are removed
 * and its transit key is retired, not destroyed. (Without Vault the garbage collector is enough and
 * Tenants get no finalizer.)
 */
@ControllerConfiguration(name = "tenant")
public class VaultTenantReconciler extends TenantReconciler implements Cleaner<Tenant> {

  public VaultTenantReconciler(
      Clock clock,
      Optional<OperatorAccessModel.ServiceAccount> operator,
      Vault vault,
      VaultConfig config) {
    super(clock, operator, vault, config);
  }

  @Override
  public DeleteControl cleanup(Tenant tenant, Context<Tenant> context) {
    try {
      vault.retire(tenant, clock.instant());
      return DeleteControl.defaultDelete();
    } catch (VaultException e) {
      log.warn(
          "tenant {}: keeping the finalizer: {}", tenant.getMetadata().getName(), e.getMessage());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(TenantStatusModel.vaultRetryDelay(tenant, clock.instant()));
    }
  }
}
