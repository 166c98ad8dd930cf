package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.TreeMap;

public class Quota {

  @Required
  @Size(min = 1, max = 64)
  @ValidationRule(
      value = "self.all(k, isQuantity(self[k]))",
      message = "every quota value must be a Kubernetes quantity, such as 500m, 4Gi or 20")
  @ValidationRule(
      value = "self.all(k, !isQuantity(self[k]) || !quantity(self[k]).isLessThan(quantity('0')))",
      message = "quota values must not be negative")
  @JsonPropertyDescription(
      "ResourceQuota hard limits by resource name, e.g. requests.cpu: \"4\", limits.memory: 8Gi,"
          + " pods: \"50\", count/deployments.apps: \"20\".")
  private Map<@Size(max = 63) String, @Size(max = 32) String> hard = new TreeMap<>();

  public Map<String, String> getHard() {
    return hard;
  }

  public void setHard(Map<String, String> hard) {
    this.hard = hard;
  }
}
