package dev.rampart.operator.vaultsecret;

import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.kubernetes.Children;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;

/**
 * A VaultSecret's destination Secret, computed by {@code model/vaultsecret/DesiredSecret}; one the
 * VaultSecret wrote under an earlier {@code destination.name} is deleted. A Secret of that name
 * that the tenant made is never overwritten.
 */
final class DestinationSecrets extends Children<VaultSecret, Secret, Secret> {

  DestinationSecrets() {
    super(Secret.class, VaultSecret.LABEL, Adoption.REFUSE);
  }

  @Override
  protected List<Secret> desired(Secret destination) {
    return List.of(destination);
  }
}
