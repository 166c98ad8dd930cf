package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which PaymentWebhook of a namespace holds a path: the oldest (then the first by name), so that a
 * new claim never takes a path from one already serving it.
 */
public final class PathClaims {

  private static final Comparator<PaymentWebhook> AGE =
      Comparator.comparing((PaymentWebhook w) -> w.getMetadata().getCreationTimestamp())
          .thenComparing(w -> w.getMetadata().getName());

  private PathClaims() {}

  /**
   * The PaymentWebhook among {@code namespace} that holds {@code webhook}'s path, if not itself.
   */
  public static Optional<PaymentWebhook> heldByAnother(
      PaymentWebhook webhook, Stream<PaymentWebhook> namespace) {
    String path = webhook.getSpec().getPath();
    return namespace
        .filter(other -> other.getMetadata().getDeletionTimestamp() == null)
        .filter(other -> Objects.equals(path, other.getSpec().getPath()))
        .min(AGE)
        .filter(holder -> !holder.getMetadata().getUid().equals(webhook.getMetadata().getUid()));
  }
}
