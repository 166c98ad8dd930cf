package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@ValidationRule(
    value = "isCIDR(self.cidr)",
    message = "cidr must be an IPv4 or IPv6 CIDR such as 10.20.0.0/16")
public class EgressRule {

  @Required
  @Size(max = 43)
  @JsonPropertyDescription("The destination network, e.g. 10.20.0.0/16 or 203.0.113.7/32.")
  private String cidr;

  @Size(max = 16)
  @ValidationRule(value = "self.all(e, isCIDR(e))", message = "each except entry must be a CIDR")
  @JsonPropertyDescription(
      "Parts of cidr that stay blocked; each must lie inside cidr (checked by the API server when"
          + " Rampart writes the NetworkPolicy, reported in the Ready condition).")
  private List<@Size(max = 43) String> except;

  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription(
      "The ports allowed to that destination. At least one: opening every port is not an"
          + " allowance Rampart writes.")
  private List<PortRule> ports = new ArrayList<>();

  public EgressRule() {}

  public EgressRule(String cidr, List<PortRule> ports) {
    this.cidr = cidr;
    this.ports = ports;
  }

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public List<String> getExcept() {
    return except;
  }

  public void setExcept(List<String> except) {
    this.except = except;
  }

  public List<PortRule> getPorts() {
    return ports;
  }

  public void setPorts(List<PortRule> ports) {
    this.ports = ports;
  }
}
