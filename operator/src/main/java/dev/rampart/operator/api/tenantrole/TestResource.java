package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.tenant.DataClassification;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class TestResource {

  @Required
  @Pattern(Permission.RESOURCE_TYPE)
  @JsonPropertyDescription("The resource type, e.g. invoice.")
  private String type;

  @Size(max = 63)
  @JsonPropertyDescription("The resource's tenant; the TenantRole's own when omitted.")
  private String tenant;

  @Size(max = 253)
  @JsonPropertyDescription("The user id of its owner; nobody's when omitted.")
  private String owner;

  @Size(max = 63)
  @JsonPropertyDescription("Its department.")
  private String department;

  @Size(max = 63)
  @JsonPropertyDescription("The region it is stored in.")
  private String region;

  @JsonPropertyDescription("How sensitive it is; internal when omitted.")
  private DataClassification sensitivity;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getTenant() {
    return tenant;
  }

  public void setTenant(String tenant) {
    this.tenant = tenant;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
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

  public DataClassification getSensitivity() {
    return sensitivity;
  }

  public void setSensitivity(DataClassification sensitivity) {
    this.sensitivity = sensitivity;
  }
}
