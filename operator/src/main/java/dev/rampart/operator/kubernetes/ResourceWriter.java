package dev.rampart.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Every write Rampart makes to the cluster: server-side apply as field manager {@code rampart}, and
 * create-only where taking over an existing object must be impossible.
 */
public final class ResourceWriter {

  public static final String FIELD_MANAGER = "rampart";

  private final KubernetesClient client;

  public ResourceWriter(KubernetesClient client) {
    this.client = client;
  }

  public <R extends HasMetadata> R apply(R desired) {
    return client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
  }

  /**
   * Creates {@code desired}, or returns empty when an object of that name already exists. (A plain
   * create: fabric8 sets no field manager on it; Rampart's later applies own the fields.)
   */
  public <R extends HasMetadata> Optional<R> createUnlessExists(R desired) {
    try {
      return Optional.of(client.resource(desired).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public void delete(HasMetadata existing) {
    client.resource(existing).delete();
  }

  public KubernetesClient client() {
    return client;
  }
}
