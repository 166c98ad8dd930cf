package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * The gateway container's requests and limits. Rampart's own type rather than Kubernetes' so that
 * only what the gateway's pod can use is accepted (no resource claims, no extended resources).
 * Requests above limits are refused by Kubernetes when Rampart applies the Deployment (CEL cannot
 * compare quantities of unbounded length within the API server's cost budget): the PaymentWebhook
 * then reports ApplyFailed with Kubernetes' message.
 */
public class GatewayResources {

  private static final String KNOWN_RESOURCES =
      "self.all(name, name in ['cpu', 'memory', 'ephemeral-storage'])";
  private static final String KNOWN_RESOURCES_MESSAGE =
      "only cpu, memory and ephemeral-storage can be set";

  @Size(max = 3)
  @ValidationRule(value = KNOWN_RESOURCES, message = KNOWN_RESOURCES_MESSAGE)
  @JsonPropertyDescription(
      "What the scheduler reserves, by resource (cpu, memory, ephemeral-storage).")
  private Map<String, Quantity> requests;

  @Required
  @Size(max = 3)
  @ValidationRule(value = KNOWN_RESOURCES, message = KNOWN_RESOURCES_MESSAGE)
  @ValidationRule(
      value = "'memory' in self",
      message =
          "resources.limits.memory is required: the gateway's heap is 75% of it, and without a"
              + " limit it would size itself by the node's memory")
  @JsonPropertyDescription(
      "The most the container may use, by resource; memory is required (the heap is 75% of it).")
  private Map<String, Quantity> limits;

  public Map<String, Quantity> getRequests() {
    return requests;
  }

  public void setRequests(Map<String, Quantity> requests) {
    this.requests = requests;
  }

  public Map<String, Quantity> getLimits() {
    return limits;
  }

  public void setLimits(Map<String, Quantity> limits) {
    this.limits = limits;
  }
}
