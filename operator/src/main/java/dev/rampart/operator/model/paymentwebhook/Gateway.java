package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Version;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a gateway is rendered from, once Rampart has read it: the PaymentWebhook, the signing
 * secrets, the forward secret, the forward target's pods and the Secrets mounted as they are.
 *
 * @param image the billing gateway's container image
 * @param generated the generated signing secret to keep in a Secret (no Vault), if any
 * @param forwardSecret the secret forwarded events are signed with, when forwarding
 * @param forwardPods the pods behind the forward Service, when it exists
 * @param mountedFiles the files projected from the tenant's Secrets (ledger credentials, admin
 *     tokens) by name, only so that a change to them rolls the gateway
 * @param oidc the realm whose access tokens the admin API accepts, when spec.adminClient names one
 */
public record Gateway(
    PaymentWebhook webhook,
    String image,
    State signing,
    Optional<Generated> generated,
    Optional<String> forwardSecret,
    Optional<GatewayNetworkPolicy.ForwardPods> forwardPods,
    Map<String, String> mountedFiles,
    Optional<PolicyDecisionPointRef> policy,
    Optional<AdminIssuer> oidc) {

  /** The tenant's policy decision point the admin API asks: the tenant and its namespace. */
  public record PolicyDecisionPointRef(String tenant, String namespace) {}

  /** The realm whose access tokens the admin API accepts, and the audience they must carry. */
  public record AdminIssuer(String issuer, String audience) {}

  public Gateway {
    mountedFiles = new TreeMap<>(mountedFiles);
  }

  /** A signing secret Rampart generated, and the rotation request it answered. */
  public record Generated(Version version, Optional<String> rotation) {}

  /** The files Rampart writes into the gateway's Secret: signing secrets and forward secret. */
  public Map<String, String> ownFiles() {
    Map<String, String> files = new TreeMap<>();
    files.put(GatewaySecrets.signingFile(signing.current().number()), signing.current().value());
    signing
        .previous()
        .ifPresent(
            p -> files.put(GatewaySecrets.signingFile(p.version().number()), p.version().value()));
    forwardSecret.ifPresent(secret -> files.put(GatewaySecrets.FORWARD_FILE, secret));
    return files;
  }

  /** Every file in the gateway's secrets directory, by name. */
  public Map<String, String> secretFiles() {
    Map<String, String> files = new TreeMap<>(mountedFiles);
    files.putAll(ownFiles());
    return files;
  }

  @Override
  public String toString() {
    return "Gateway["
        + webhook.getMetadata().getNamespace()
        + "/"
        + webhook.getMetadata().getName()
        + "]";
  }
}
