package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class DatabaseSource {

  public static final String ROLE = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @Required
  @Size(min = 1, max = 63)
  @ValidationRule(
      value = "self.matches('" + ROLE + "')",
      message =
          "database.role must be lower-case letters, digits and '-', starting and ending with a"
              + " letter or digit, e.g. app")
  @JsonPropertyDescription(
      "The database secrets engine role without the tenant's prefix: app reads"
          + " database/creds/tenant-<tenant>-app. The tenant is the namespace's rampart.dev/tenant"
          + " label, so a namespace can only ever get its own tenant's credentials.")
  private String role;

  public DatabaseSource() {}

  public DatabaseSource(String role) {
    this.role = role;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }
}
