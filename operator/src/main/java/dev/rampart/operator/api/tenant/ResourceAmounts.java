package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value =
        "!has(self.cpu) || (isQuantity(self.cpu) && quantity(self.cpu).isGreaterThan(quantity('0')))",
    message = "cpu must be a positive quantity, such as 250m or 2")
@ValidationRule(
    value =
        "!has(self.memory) || (isQuantity(self.memory) && quantity(self.memory).isGreaterThan(quantity('0')))",
    message = "memory must be a positive quantity, such as 256Mi or 2Gi")
public class ResourceAmounts {

  @Size(max = 32)
  @JsonPropertyDescription("CPU, e.g. 250m or 2.")
  private String cpu;

  @Size(max = 32)
  @JsonPropertyDescription("Memory, e.g. 256Mi or 2Gi.")
  private String memory;

  public ResourceAmounts() {}

  public ResourceAmounts(String cpu, String memory) {
    this.cpu = cpu;
    this.memory = memory;
  }

  public String getCpu() {
    return cpu;
  }

  public void setCpu(String cpu) {
    this.cpu = cpu;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory;
  }
}
