package dev.rampart.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Every write Rampart makes to the cluster: server-side apply as field manager {@code rampart}. */
public final class ResourceWriter {

  public static final String FIELD_MANAGER = "rampart";

  private final KubernetesClient client;

  public ResourceWriter(KubernetesClient client) {
    this.client = client;
  }

  public <R extends HasMetadata> R apply(R desired) {
    return client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  public void delete(HasMetadata existing) {
    client.resource(existing).delete();
  }

  public KubernetesClient client() {
    return client;
  }
}
