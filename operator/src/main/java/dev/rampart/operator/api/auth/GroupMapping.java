package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A group of the enterprise identity provider that grants one of the tenant's roles. */
public class GroupMapping {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("The group, as the provider's groups claim names it.")
  private String group;

  @Required
  @Size(min = 1, max = 63)
  @JsonPropertyDescription("The TenantRole its members get in the tenant's realm.")
  private String role;

  public GroupMapping() {}

  public GroupMapping(String group, String role) {
    this.group = group;
    this.role = role;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }
}
