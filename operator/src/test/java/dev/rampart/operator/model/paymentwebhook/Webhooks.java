package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.AccountPair;
import dev.rampart.operator.api.paymentwebhook.Adjustments;
import dev.rampart.operator.api.paymentwebhook.Forward;
import dev.rampart.operator.api.paymentwebhook.Ledger;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhookSpec;
import dev.rampart.operator.api.paymentwebhook.Posting;
import dev.rampart.operator.api.paymentwebhook.Provider;
import dev.rampart.operator.api.paymentwebhook.Reconciliation;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import dev.rampart.operator.api.paymentwebhook.SigningSecret;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** PaymentWebhooks for tests: a Stripe one that declares everything, and a minimal one. */
public final class Webhooks {

  private Webhooks() {}

  /** Stripe, secret from a Secret, postings, reconciliation, forward, adjustments, admin tokens. */
  public static PaymentWebhook stripe(String namespace, String name) {
    PaymentWebhook webhook = minimal(namespace, name, Provider.STRIPE);
    PaymentWebhookSpec spec = webhook.getSpec();
    spec.setPath("/webhooks/stripe");
    spec.setSigningSecret(new SigningSecret(new SecretKeyRef("stripe", "webhook-secret")));
    spec.setPostings(
        List.of(
            new Posting(
                "charge.succeeded",
                "/data/object/amount",
                "/data/object/currency",
                "processor:stripe",
                "revenue:sales")));
    spec.setReconciliation(
        new Reconciliation("balance.available", "processor:stripe", "/data/object/available"));
    spec.setForward(new Forward("app", 8080, "/billing-events"));
    spec.setAdjustments(
        new Adjustments(
            50_000,
            new AccountPair("expense:customer-credits", "liability:customer-balance"),
            new AccountPair("revenue:refunds", "processor:stripe")));
    spec.setAdminTokens(new SecretKeyRef("billing-admins", "tokens"));
    return webhook;
  }

  /** Only what is required: provider, path and ledger (Standard Webhooks needs no secret). */
  public static PaymentWebhook minimal(String namespace, String name, Provider provider) {
    PaymentWebhook webhook = new PaymentWebhook();
    webhook.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withUid("uid-" + name)
            .withGeneration(1L)
            .withCreationTimestamp("2026-01-01T00:00:00Z")
            .build());
    PaymentWebhookSpec spec = new PaymentWebhookSpec();
    spec.setProvider(provider);
    spec.setPath("/webhooks/" + name);
    spec.setLedger(new Ledger("jdbc:postgresql://ledger.example:5432/billing", "ledger-db"));
    webhook.setSpec(spec);
    return webhook;
  }
}
