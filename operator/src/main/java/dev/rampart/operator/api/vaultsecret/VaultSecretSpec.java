package dev.rampart.operator.api.vaultsecret;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

public class VaultSecretSpec {

  /** Hours, minutes and seconds, e.g. 1h30m; the units CEL's duration() and Rampart agree on. */
  public static final String DURATION = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

  @Required
  @JsonPropertyDescription("Where in Vault the data comes from.")
  private Source source;

  @Required
  @JsonPropertyDescription("The Secret Rampart writes the data to, in this namespace.")
  private Destination destination;

  @Size(max = 16)
  @ValidationRule(
      value = "self != '' && self.matches('" + DURATION + "')",
      message =
          "refreshInterval must be a duration in hours, minutes and seconds, e.g. 30s, 5m,"
              + " 1h or 1m30s")
  @ValidationRule(
      value = "self == '' || !self.matches('" + DURATION + "') || duration(self) >= duration('5s')",
      message = "refreshInterval must be at least 5s")
  @Default("60s")
  @JsonPropertyDescription(
      "How often Vault is read again, as a duration such as 30s, 5m or 1h; at least 5s. Default"
          + " 60s. The annotation rampart.dev/force-sync (any new value) reads it at once.")
  private String refreshInterval = "60s";

  @Size(max = 16)
  @JsonPropertyDescription(
      "Workloads in this namespace whose pods are restarted (annotation"
          + " rampart.dev/restartedAt on their pod template) when the data changes; never on"
          + " first creation. Changes within 5 s cause one restart.")
  private List<RolloutTarget> rolloutRestartTargets = new ArrayList<>();

  public Source getSource() {
    return source;
  }

  public void setSource(Source source) {
    this.source = source;
  }

  public Destination getDestination() {
    return destination;
  }

  public void setDestination(Destination destination) {
    this.destination = destination;
  }

  public String getRefreshInterval() {
    return refreshInterval;
  }

  public void setRefreshInterval(String refreshInterval) {
    this.refreshInterval = refreshInterval;
  }

  public List<RolloutTarget> getRolloutRestartTargets() {
    return rolloutRestartTargets;
  }

  public void setRolloutRestartTargets(List<RolloutTarget> rolloutRestartTargets) {
    this.rolloutRestartTargets = rolloutRestartTargets;
  }
}
