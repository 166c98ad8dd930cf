package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value =
        "!has(self.defaultRequest) || !has(self.default)"
            + " || !has(self.defaultRequest.cpu) || !has(self.default.cpu)"
            + " || quantity(self.defaultRequest.cpu).compareTo(quantity(self.default.cpu)) <= 0",
    message = "limits.defaultRequest.cpu must not exceed limits.default.cpu")
@ValidationRule(
    value =
        "!has(self.defaultRequest) || !has(self.default)"
            + " || !has(self.defaultRequest.memory) || !has(self.default.memory)"
            + " || quantity(self.defaultRequest.memory).compareTo(quantity(self.default.memory))"
            + " <= 0",
    message = "limits.defaultRequest.memory must not exceed limits.default.memory")
@ValidationRule(
    value =
        "!has(self.max) || !has(self.default) || !has(self.max.cpu) || !has(self.default.cpu)"
            + " || quantity(self.default.cpu).compareTo(quantity(self.max.cpu)) <= 0",
    message = "limits.default.cpu must not exceed limits.max.cpu")
@ValidationRule(
    value =
        "!has(self.max) || !has(self.default) || !has(self.max.memory)"
            + " || !has(self.default.memory)"
            + " || quantity(self.default.memory).compareTo(quantity(self.max.memory)) <= 0",
    message = "limits.default.memory must not exceed limits.max.memory")
public class Limits {

  @JsonPropertyDescription("Requests given to containers that declare none.")
  private ResourceAmounts defaultRequest;

  @JsonProperty("default")
  @JsonPropertyDescription("Limits given to containers that declare none.")
  private ResourceAmounts defaultLimit;

  @JsonPropertyDescription("The most any one container may ask for.")
  private ResourceAmounts max;

  public ResourceAmounts getDefaultRequest() {
    return defaultRequest;
  }

  public void setDefaultRequest(ResourceAmounts defaultRequest) {
    this.defaultRequest = defaultRequest;
  }

  public ResourceAmounts getDefaultLimit() {
    return defaultLimit;
  }

  public void setDefaultLimit(ResourceAmounts defaultLimit) {
    this.defaultLimit = defaultLimit;
  }

  public ResourceAmounts getMax() {
    return max;
  }

  public void setMax(ResourceAmounts max) {
    this.max = max;
  }
}
