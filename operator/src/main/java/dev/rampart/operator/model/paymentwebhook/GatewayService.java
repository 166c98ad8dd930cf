package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/** The gateway's Service: the webhook port only; the admin and management ports stay unexposed. */
public final class GatewayService {

  public static final int PORT = 80;

  private GatewayService() {}

  public static Service of(Gateway gateway) {
    PaymentWebhook webhook = gateway.webhook();
    return new ServiceBuilder()
        .withMetadata(GatewayNames.metadata(webhook, GatewayNames.gateway(webhook)))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(GatewayNames.selector(webhook))
        .addNewPort()
        .withName("webhooks")
        .withPort(PORT)
        .withTargetPort(new IntOrString("webhooks"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /** Where the webhooks arrive inside the cluster. */
  public static String endpoint(PaymentWebhook webhook) {
    return "http://"
        + GatewayNames.gateway(webhook)
        + "."
        + webhook.getMetadata().getNamespace()
        + ".svc"
        + webhook.getSpec().getPath();
  }
}
