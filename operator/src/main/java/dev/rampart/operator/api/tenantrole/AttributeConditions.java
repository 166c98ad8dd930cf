package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.rampart.operator.api.tenant.DataClassification;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@ValidationRule(
    value =
        "(has(self.sameDepartment) && self.sameDepartment) || (has(self.ownerOnly) &&"
            + " self.ownerOnly) || has(self.regions) || has(self.maxSensitivity)",
    message =
        "conditions restrict nothing as written: set sameDepartment, ownerOnly, regions or"
            + " maxSensitivity, or leave conditions out")
public class AttributeConditions {

  @JsonPropertyDescription("Only resources of the principal's own department.")
  private boolean sameDepartment;

  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(r, self.exists_one(s, s == r))",
      message = "a region is listed once")
  @JsonPropertyDescription("Only resources stored in one of these regions, e.g. eu-west-1.")
  private List<@Size(min = 1, max = 63) String> regions;

  @JsonPropertyDescription(
      "Only resources at most this sensitive: public, internal, confidential or restricted. It"
          + " may not exceed the Tenant's dataClassification (condition InvalidRole).")
  private DataClassification maxSensitivity;

  @JsonPropertyDescription("Only resources the principal owns.")
  private boolean ownerOnly;

  public boolean isSameDepartment() {
    return sameDepartment;
  }

  public void setSameDepartment(boolean sameDepartment) {
    this.sameDepartment = sameDepartment;
  }

  public List<String> getRegions() {
    return regions;
  }

  public void setRegions(List<String> regions) {
    this.regions = regions;
  }

  public DataClassification getMaxSensitivity() {
    return maxSensitivity;
  }

  public void setMaxSensitivity(DataClassification maxSensitivity) {
    this.maxSensitivity = maxSensitivity;
  }

  public boolean isOwnerOnly() {
    return ownerOnly;
  }

  public void setOwnerOnly(boolean ownerOnly) {
    this.ownerOnly = ownerOnly;
  }
}
