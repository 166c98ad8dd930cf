package dev.rampart.operator.kubernetes;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

/**
 * Status updates that write only when the status really changes. A reconciler is its resource's
 * only status writer and runs one at a time per resource, so the patch carries no resourceVersion:
 * a stale cached one would only cause a 409 and a retry.
 */
public final class StatusPatches {

  private StatusPatches() {}

  /** Patches {@code next} as the status, or nothing when it equals the current one. */
  public static <S, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(
      R resource, S next) {
    if (Objects.equals(next, resource.getStatus())) {
      return UpdateControl.noUpdate();
    }
    prepare(resource, next);
    return UpdateControl.patchStatus(resource);
  }

  /** The same, for the status JOSDK writes after a reconcile failed. */
  public static <S, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> patchErrorIfChanged(
      R resource, S next) {
    if (Objects.equals(next, resource.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    prepare(resource, next);
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  /**
   * What a failure may say in status: Kubernetes' own message (it names fields, not values), also
   * when the framework wrapped it, or else only the exception's type, since other messages may
   * quote data.
   */
  public static String failureMessage(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException k && k.getStatus() != null) {
        return k.getStatus().getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static <S, R extends CustomResource<?, S>> void prepare(R resource, S next) {
    resource.setStatus(next);
    resource.getMetadata().setResourceVersion(null);
  }
}
