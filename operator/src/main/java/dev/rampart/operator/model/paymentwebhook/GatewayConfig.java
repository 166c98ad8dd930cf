package dev.rampart.operator.model.paymentwebhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.operator.api.paymentwebhook.AccountPair;
import dev.rampart.operator.api.paymentwebhook.Adjustments;
import dev.rampart.operator.api.paymentwebhook.Forward;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhookSpec;
import dev.rampart.operator.api.paymentwebhook.Posting;
import dev.rampart.operator.api.paymentwebhook.Reconciliation;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.policy.PolicyDecisionPoint;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/**
 * The gateway's configuration file, exactly as billing-gateway/README.md describes it. It holds no
 * secret: each one is named by its file in the secrets directory.
 */
public final class GatewayConfig {

  public static final String FILE = "gateway.json";
  public static final int WEBHOOK_PORT = 8080;
  public static final int ADMIN_PORT = 8081;
  public static final int MANAGEMENT_PORT = 9090;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GatewayConfig() {}

  /** The ConfigMap holding {@link #FILE}. */
  public static ConfigMap configMap(Gateway gateway) {
    PaymentWebhook webhook = gateway.webhook();
    return new ConfigMapBuilder()
        .withMetadata(GatewayNames.metadata(webhook, GatewayNames.gateway(webhook)))
        .withData(Map.of(FILE, json(gateway)))
        .build();
  }

  /** The configuration as the gateway reads it. */
  public static String json(Gateway gateway) {
    PaymentWebhookSpec spec = gateway.webhook().getSpec();
    ObjectNode root = JSON.createObjectNode();
    root.putObject("listen")
        .put("webhooks", WEBHOOK_PORT)
        .put("admin", ADMIN_PORT)
        .put("management", MANAGEMENT_PORT);
    root.putObject("database")
        .put("url", spec.getLedger().getJdbcUrl())
        .put("usernameFile", GatewaySecrets.DB_USERNAME_FILE)
        .put("passwordFile", GatewaySecrets.DB_PASSWORD_FILE);
    if (spec.getAdminTokens() != null) {
      root.put("adminTokensFile", GatewaySecrets.ADMIN_TOKENS_FILE);
    }
    gateway
        .policy()
        .ifPresent(
            pdp ->
                root.putObject("policy")
                    .put("url", PolicyDecisionPoint.url(pdp.namespace()))
                    .put("tenant", pdp.tenant()));
    gateway
        .oidc()
        .ifPresent(
            oidc ->
                root.putObject("oidc")
                    .put("issuer", oidc.issuer())
                    .put("audience", oidc.audience()));
    ObjectNode webhook = root.putArray("webhooks").addObject();
    webhook
        .put("name", gateway.webhook().getMetadata().getName())
        .put("path", spec.getPath())
        .put("provider", spec.getProvider().value());
    signingSecrets(webhook.putArray("signingSecrets"), gateway.signing());
    webhook
        .put("toleranceSeconds", spec.getToleranceSeconds())
        .put("idempotencyWindowSeconds", spec.getIdempotencyWindowSeconds())
        .put("maxBodyBytes", spec.getMaxBodyBytes())
        .put("maxAmountMinorUnits", spec.getMaxAmountMinorUnits());
    ArrayNode postings = webhook.putArray("postings");
    for (Posting posting : spec.getPostings()) {
      accounts(
          postings
              .addObject()
              .put("eventType", posting.getEventType())
              .put("amount", posting.getAmount())
              .put("currency", posting.getCurrency()),
          posting);
    }
    Reconciliation reconciliation = spec.getReconciliation();
    if (reconciliation != null) {
      webhook
          .putObject("reconciliation")
          .put("eventType", reconciliation.getEventType())
          .put("account", reconciliation.getAccount())
          .put("balances", reconciliation.getBalances());
    }
    if (spec.getForward() != null) {
      webhook
          .putObject("forward")
          .put("url", forwardUrl(gateway.webhook()))
          .put("secretFile", GatewaySecrets.FORWARD_FILE);
    }
    Adjustments adjustments = spec.getAdjustments();
    if (adjustments != null) {
      ObjectNode node = webhook.putObject("adjustments");
      node.put("maxMinorUnits", adjustments.getMaxMinorUnits());
      accounts(node.putObject("credit"), adjustments.getCredit());
      accounts(node.putObject("refund"), adjustments.getRefund());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the gateway configuration", e);
    }
  }

  /**
   * {@code http://<service>.<namespace>.svc:<port><path>}: the namespace is always the
   * PaymentWebhook's own.
   */
  public static String forwardUrl(PaymentWebhook webhook) {
    Forward forward = webhook.getSpec().getForward();
    return "http://"
        + forward.getService()
        + "."
        + webhook.getMetadata().getNamespace()
        + ".svc:"
        + forward.getPort()
        + forward.getPath();
  }

  private static void signingSecrets(ArrayNode list, State signing) {
    list.addObject().put("file", GatewaySecrets.signingFile(signing.current().number()));
    signing
        .previous()
        .ifPresent(
            p ->
                list.addObject()
                    .put("file", GatewaySecrets.signingFile(p.version().number()))
                    .put("validUntil", p.validUntil().toString()));
  }

  private static void accounts(ObjectNode node, AccountPair pair) {
    node.put("debit", pair.getDebit()).put("credit", pair.getCredit());
  }
}
