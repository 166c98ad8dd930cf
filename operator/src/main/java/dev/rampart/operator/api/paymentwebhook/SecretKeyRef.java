package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.vaultsecret.Destination;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One key of a Secret in the PaymentWebhook's namespace. */
public class SecretKeyRef {

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('" + Destination.DNS_SUBDOMAIN + "')",
      message = "must be a Secret name (a DNS subdomain)")
  @JsonPropertyDescription("The Secret's name, in the PaymentWebhook's namespace.")
  private String name;

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('^[-._a-zA-Z0-9]+$')",
      message = "must be a Secret key: letters, digits, '-', '_' and '.'")
  @JsonPropertyDescription("The key within the Secret.")
  private String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
