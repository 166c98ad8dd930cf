package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

public class TestPrincipal {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("The user id (sub); roles bound to it by subjects apply too.")
  private String id;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Roles the request carries (TenantRole names of the tenant); omitted: this role alone, []:"
          + " none but those its subjects bind.")
  private List<@Size(min = 1, max = 63) String> roles;

  @Size(max = 32)
  @JsonPropertyDescription("The user's groups; roles bound to them by subjects apply.")
  private List<@Size(min = 1, max = 253) String> groups;

  @Size(max = 63)
  @JsonPropertyDescription("The user's department.")
  private String department;

  @Size(max = 63)
  @JsonPropertyDescription("The user's region.")
  private String region;

  @Size(max = 63)
  @JsonPropertyDescription("The user's tenant; the TenantRole's own when omitted.")
  private String tenant;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles;
  }

  public List<String> getGroups() {
    return groups;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups;
  }

  public String getDepartment() {
    return department;
  }

  public void setDepartment(String department) {
    this.department = department;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getTenant() {
    return tenant;
  }

  public void setTenant(String tenant) {
    this.tenant = tenant;
  }
}
