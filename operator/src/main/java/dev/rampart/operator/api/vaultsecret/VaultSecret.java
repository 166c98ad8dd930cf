package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Secret kept in sync with a KV v2 entry of the tenant the namespace belongs to, read with the
 * tenant's own Vault identity.
 */
@Group("rampart.dev")
@Version("v1alpha1")
@ShortNames("vs")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Version",
    jsonPath = ".status.secretVersion",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Last Sync",
    jsonPath = ".status.lastSyncTime",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class VaultSecret extends CustomResource<VaultSecretSpec, VaultSecretStatus>
    implements Namespaced {

  /** Set on the destination Secret; its value is the VaultSecret's name. */
  public static final String LABEL = "rampart.dev/vault-secret";

  /** Any new value makes Rampart read Vault again at once. */
  public static final String FORCE_SYNC_ANNOTATION = "rampart.dev/force-sync";

  @Override
  @JsonPropertyDescription(
      "Which Vault entry to read and the Secret to keep in sync with it, and what to restart when"
          + " it changes.")
  public VaultSecretSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What Rampart last read and wrote; written by Rampart only.")
  public VaultSecretStatus getStatus() {
    return super.getStatus();
  }
}
