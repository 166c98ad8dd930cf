package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

public class Destination {

  /** A DNS subdomain, as Secret names must be. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('" + DNS_SUBDOMAIN + "')",
      message =
          "destination.name must be a DNS subdomain (lower-case letters, digits, '-' and '.',"
              + " starting and ending with a letter or digit), as Secret names must be")
  @JsonPropertyDescription("The Secret's name. Rampart creates it and owns it.")
  private String name;

  @Size(min = 1, max = 253)
  @Default("Opaque")
  @JsonPropertyDescription("The Secret's type, e.g. kubernetes.io/tls. Default Opaque.")
  private String type = "Opaque";

  @Size(max = 32)
  @JsonPropertyDescription(
      "Extra labels for the Secret (Rampart's own labels are always added and win).")
  private Map<String, String> labels;

  @Size(max = 64)
  @ValidationRule(
      value = "self.all(k, self[k].matches('^[-._a-zA-Z0-9]+$'))",
      message =
          "each Secret key in destination.keys may contain only letters, digits, '-', '_'"
              + " and '.'")
  @JsonPropertyDescription(
      "Which Vault keys to copy and the Secret key each becomes (vault-key: secret-key). When"
          + " absent, every key is copied as it is.")
  private Map<String, @Size(min = 1, max = 253) String> keys;

  public Destination() {}

  public Destination(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getKeys() {
    return keys;
  }

  public void setKeys(Map<String, String> keys) {
    this.keys = keys;
  }
}
