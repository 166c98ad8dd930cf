package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.vaultsecret.Destination;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The PostgreSQL database holding the ledger. */
public class Ledger {

  @Required
  @Size(min = 1, max = 1024)
  @ValidationRule(
      value = "self.matches('^jdbc:postgresql://[^/?#]+/[^/?#]+([?].*)?$')",
      message =
          "jdbcUrl must be a PostgreSQL JDBC URL with host and database, such as"
              + " jdbc:postgresql://ledger.example:5432/billing")
  @JsonPropertyDescription(
      "The JDBC URL, e.g. jdbc:postgresql://ledger.example:5432/billing (port 5432 when absent)."
          + " The gateway's NetworkPolicy allows egress to its port(s).")
  private String jdbcUrl;

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('" + Destination.DNS_SUBDOMAIN + "')",
      message = "credentialsSecret must be a Secret name (a DNS subdomain)")
  @JsonPropertyDescription(
      "A Secret in this namespace with keys username and password, e.g. written by a VaultSecret"
          + " with a database source. A change rolls the gateway.")
  private String credentialsSecret;

  public Ledger() {}

  public Ledger(String jdbcUrl, String credentialsSecret) {
    this.jdbcUrl = jdbcUrl;
    this.credentialsSecret = credentialsSecret;
  }

  public String getJdbcUrl() {
    return jdbcUrl;
  }

  public void setJdbcUrl(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }
}
