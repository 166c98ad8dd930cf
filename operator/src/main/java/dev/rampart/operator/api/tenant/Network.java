package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

public class Network {

  @Size(max = 32)
  @JsonPropertyDescription("Destinations outside the tenant that its pods may connect to.")
  private List<EgressRule> egress = new ArrayList<>();

  @Size(max = 16)
  @JsonPropertyDescription(
      "Namespaces outside the tenant whose pods may connect in, such as the ingress controller's.")
  private List<IngressRule> ingress = new ArrayList<>();

  public List<EgressRule> getEgress() {
    return egress;
  }

  public void setEgress(List<EgressRule> egress) {
    this.egress = egress;
  }

  public List<IngressRule> getIngress() {
    return ingress;
  }

  public void setIngress(List<IngressRule> ingress) {
    this.ingress = ingress;
  }
}
