package dev.rampart.operator.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.kubernetes.Children;
import dev.rampart.operator.model.paymentwebhook.Gateway;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;

/**
 * One kind of object a billing gateway is made of, declared by its type and the {@code model/}
 * function that computes it. Gateways live in tenant namespaces, where the tenant writes too: an
 * object of a desired name that is not the PaymentWebhook's is never taken over.
 */
final class GatewayChildren<R extends HasMetadata> extends Children<PaymentWebhook, Gateway, R> {

  private final Function<Gateway, List<R>> desired;

  GatewayChildren(Class<R> type, Function<Gateway, List<R>> desired) {
    super(type, PaymentWebhook.LABEL, Adoption.REFUSE);
    this.desired = desired;
  }

  @Override
  protected List<R> desired(Gateway gateway) {
    return desired.apply(gateway);
  }
}
