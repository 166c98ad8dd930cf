package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

public class RolloutTarget {

  public enum Kind {
    Deployment,
    StatefulSet,
    DaemonSet
  }

  @Required
  @JsonPropertyDescription("Deployment, StatefulSet or DaemonSet.")
  private Kind kind;

  @Required
  @Size(min = 1, max = 253)
  @ValidationRule(
      value = "self.matches('" + Destination.DNS_SUBDOMAIN + "')",
      message = "rolloutRestartTargets name must be a DNS subdomain, as workload names are")
  @JsonPropertyDescription("The workload's name, in the VaultSecret's namespace.")
  private String name;

  public RolloutTarget() {}

  public RolloutTarget(Kind kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  public Kind getKind() {
    return kind;
  }

  public void setKind(Kind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
