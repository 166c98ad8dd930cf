package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class DataResidency {

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "The region the tenant's data must stay in, matched against the nodes'"
          + " topology.kubernetes.io/region label, e.g. eu-west-1.")
  private String region;

  public DataResidency() {}

  public DataResidency(String region) {
    this.region = region;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }
}
