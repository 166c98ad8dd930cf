package dev.rampart.operator.kubernetes;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about Rampart's resources, for what a person running {@code kubectl describe}
 * should learn. An event's name is derived from its object, reason and message, so reconciles that
 * race to report the same thing record it once.
 */
public final class TenantEvents {

  private static final Logger log = LoggerFactory.getLogger(TenantEvents.class);

  /** Events about cluster-scoped objects live in the default namespace, as kubectl expects. */
  private static final String CLUSTER_SCOPED_EVENTS = "default";

  private final KubernetesClient client;

  public TenantEvents(KubernetesClient client) {
    this.client = client;
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String namespace =
        about.getMetadata().getNamespace() != null
            ? about.getMetadata().getNamespace()
            : CLUSTER_SCOPED_EVENTS;
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      about.getMetadata().getName() + "." + fingerprint(about, reason, message))
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(about.getApiVersion())
                          .withKind(about.getKind())
                          .withName(about.getMetadata().getName())
                          .withNamespace(about.getMetadata().getNamespace())
                          .withUid(about.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent("rampart")
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // 409: a racing reconcile recorded the same event already.
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        notRecorded(about, reason, e);
      }
    } catch (RuntimeException e) {
      notRecorded(about, reason, e);
    }
  }

  /** An event is a courtesy; failing to record one must not fail the reconcile. */
  private static void notRecorded(HasMetadata about, String reason, RuntimeException e) {
    log.warn(
        "could not record event {} for {}: {}",
        reason,
        about.getMetadata().getName(),
        e.getMessage());
  }

  private static String fingerprint(HasMetadata about, String reason, String message) {
    return UUID.nameUUIDFromBytes(
            (about.getMetadata().getUid() + "\n" + reason + "\n" + message)
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
