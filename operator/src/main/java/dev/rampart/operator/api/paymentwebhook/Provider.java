package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who signs the webhooks, and so how the gateway verifies them. */
public enum Provider {
  /** Stripe's {@code Stripe-Signature}; Stripe generates the secret ({@code whsec_...}). */
  @JsonProperty("stripe")
  STRIPE,
  /** The Standard Webhooks signature; Rampart generates the secret. */
  @JsonProperty("standard-webhooks")
  STANDARD_WEBHOOKS;

  /** The value as written in YAML and in the gateway's configuration. */
  public String value() {
    return this == STRIPE ? "stripe" : "standard-webhooks";
  }
}
