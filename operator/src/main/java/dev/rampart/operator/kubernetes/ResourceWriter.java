package dev.rampart.operator.kubernetes;

import dev.rampart.operator.model.DesiredState;
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

  /**
   * The operator client's user agent. The API server names writes other than server-side apply
   * after it, so that they too are Rampart's own in managedFields.
   */
  public static final String USER_AGENT = DesiredState.FIELD_MANAGER + "/v1alpha1";

  private final KubernetesClient client;

  public ResourceWriter(KubernetesClient client) {
    this.client = client;
  }

  public <R extends HasMetadata> R apply(R desired) {
    return client
        .resource(desired)
        .fieldManager(DesiredState.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Replaces an object whole (an update at the resourceVersion {@code replacement} carries): for
   * fields another manager owns, which no server-side apply can remove. Its manager is the user
   * agent, {@code rampart}.
   */
  public <R extends HasMetadata> R replace(R replacement) {
    return client.resource(replacement).update();
  }

  /**
   * Creates {@code desired}, or returns empty when an object of that name already exists. (A plain
   * create: the API server names the user agent, {@code rampart}, as its field manager.)
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
