package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The gateway's pods. Replicas share the ledger safely: idempotency keys, ledger rules, approvals
 * and delivery leases all live in PostgreSQL.
 */
public class GatewayWorkload {

  @Min(1)
  @Max(20)
  @Default("1")
  @JsonPropertyDescription("How many gateway pods (1-20). Default 1.")
  private Integer replicas = 1;

  @JsonPropertyDescription(
      "The gateway container's resources; when given, they replace the default (requests cpu"
          + " 100m, memory 256Mi; limits cpu 1, memory 512Mi) as a whole. limits.memory is"
          + " required: the heap is 75% of it.")
  private GatewayResources resources;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public GatewayResources getResources() {
    return resources;
  }

  public void setResources(GatewayResources resources) {
    this.resources = resources;
  }
}
