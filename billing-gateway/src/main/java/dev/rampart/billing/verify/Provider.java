package dev.rampart.billing.verify;

/** Who signs a webhook, as named by a webhook's {@code provider} in the gateway configuration. */
public enum Provider {
  STRIPE,
  STANDARD_WEBHOOKS;

  /** The provider named {@code "stripe"} or {@code "standard-webhooks"}. */
  public static Provider fromConfig(String name) {
    if ("stripe".equals(name)) {
      return STRIPE;
    }
    if ("standard-webhooks".equals(name)) {
      return STANDARD_WEBHOOKS;
    }
    throw new IllegalArgumentException(
        "unknown provider '" + name + "' (expected stripe or standard-webhooks)");
  }
}
