package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

public class IngressRule {

  @Required
  @Size(min = 1, max = 8)
  @JsonPropertyDescription(
      "Labels the source namespace must carry, e.g. kubernetes.io/metadata.name: ingress-nginx."
          + " Must not be empty: an empty selector would admit every namespace.")
  private Map<@Size(max = 317) String, @Size(max = 63) String> namespaceLabels;

  @Size(max = 16)
  @JsonPropertyDescription("The tenant ports they may reach; all ports when omitted.")
  private List<PortRule> ports;

  public IngressRule() {}

  public IngressRule(Map<String, String> namespaceLabels, List<PortRule> ports) {
    this.namespaceLabels = namespaceLabels;
    this.ports = ports;
  }

  public Map<String, String> getNamespaceLabels() {
    return namespaceLabels;
  }

  public void setNamespaceLabels(Map<String, String> namespaceLabels) {
    this.namespaceLabels = namespaceLabels;
  }

  public List<PortRule> getPorts() {
    return ports;
  }

  public void setPorts(List<PortRule> ports) {
    this.ports = ports;
  }
}
