package dev.rampart.operator.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.kubernetes.ResourceWriter;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import dev.rampart.operator.model.paymentwebhook.AppliedFields;
import dev.rampart.operator.model.paymentwebhook.Gateway;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One kind of object a gateway is made of. It watches the kind (only objects labelled for a
 * PaymentWebhook), writes what no longer holds the desired fields, deletes what the PaymentWebhook
 * no longer declares, and never takes over an object of the same name that is not the
 * PaymentWebhook's.
 */
final class GatewayChildren<R extends HasMetadata> {

  private final Class<R> type;
  private final Function<Gateway, List<R>> desired;
  private InformerEventSource<R, PaymentWebhook> eventSource;

  GatewayChildren(Class<R> type, Function<Gateway, List<R>> desired) {
    this.type = type;
    this.desired = desired;
  }

  InformerEventSource<R, PaymentWebhook> eventSource(EventSourceContext<PaymentWebhook> context) {
    eventSource =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(type, PaymentWebhook.class)
                .withName(type.getSimpleName())
                .withLabelSelector(
                    PaymentWebhook.LABEL
                        + ","
                        + Labels.MANAGED_BY
                        + "="
                        + Labels.MANAGED_BY_RAMPART)
                .withSecondaryToPrimaryMapper(
                    child ->
                        Set.of(
                            new ResourceID(
                                child.getMetadata().getLabels().get(PaymentWebhook.LABEL),
                                child.getMetadata().getNamespace())))
                .build(),
            context);
    return eventSource;
  }

  /** The PaymentWebhook's object of this kind named {@code name}, as last seen. */
  Optional<R> current(PaymentWebhook webhook, Context<PaymentWebhook> context, String name) {
    return context
        .getSecondaryResourcesAsStream(type)
        .filter(r -> name.equals(r.getMetadata().getName()))
        .filter(r -> Owners.isControlledBy(r, webhook))
        .findFirst();
  }

  /** What converging this kind did. */
  record Outcome(int writes, List<String> conflicts) {}

  Outcome converge(Gateway gateway, Context<PaymentWebhook> context, ResourceWriter writer) {
    PaymentWebhook webhook = gateway.webhook();
    List<R> wanted = desired.apply(gateway);
    int writes = 0;
    List<String> conflicts = new ArrayList<>();
    for (R object : wanted) {
      String name = object.getMetadata().getName();
      R current = current(webhook, context, name).orElse(null);
      if (current == null) {
        // Not in the cache: either new, or an object of that name that is not ours.
        R existing = writer.client().resource(object).get();
        if (existing != null && !Owners.isControlledBy(existing, webhook)) {
          conflicts.add(type.getSimpleName() + " " + name);
          continue;
        }
        current = existing;
      }
      if (!AppliedFields.hold(object, current, webhook)) {
        R applied = writer.apply(object);
        // Our own write: the informer must not wake the reconciler for it.
        if (current == null) {
          eventSource.handleRecentResourceCreate(ResourceID.fromResource(webhook), applied);
        } else {
          eventSource.handleRecentResourceUpdate(
              ResourceID.fromResource(webhook), applied, current);
        }
        writes++;
      }
    }
    List<String> names = wanted.stream().map(r -> r.getMetadata().getName()).toList();
    for (R stale :
        context
            .getSecondaryResourcesAsStream(type)
            .filter(r -> Owners.isControlledBy(r, webhook))
            .filter(r -> !names.contains(r.getMetadata().getName()))
            .toList()) {
      writer.delete(stale);
      writes++;
    }
    return new Outcome(writes, conflicts);
  }
}
