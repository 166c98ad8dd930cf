package dev.rampart.operator.api.paymentwebhook;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where verified events go: a Service of the PaymentWebhook's own namespace. There is no namespace
 * field, so another namespace cannot be named.
 */
public class Forward {

  @Required
  @Size(min = 1, max = 63)
  @ValidationRule(
      value = "self.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
      message = "must be a Service name (a DNS label starting with a letter)")
  @JsonPropertyDescription("The Service's name, in the PaymentWebhook's namespace.")
  private String service;

  @Required
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("The Service's port.")
  private Integer port;

  @Size(min = 1, max = 256)
  @ValidationRule(value = PaymentWebhookSpec.PATH_RULE, message = PaymentWebhookSpec.PATH_MESSAGE)
  @ValidationRule(
      value = PaymentWebhookSpec.NO_DOT_SEGMENT_RULE,
      message = PaymentWebhookSpec.NO_DOT_SEGMENT_MESSAGE)
  @Default("/")
  @JsonPropertyDescription("The HTTP path events are POSTed to. Default /.")
  private String path = "/";

  public Forward() {}

  public Forward(String service, int port, String path) {
    this.service = service;
    this.port = port;
    this.path = path;
  }

  public String getService() {
    return service;
  }

  public void setService(String service) {
    this.service = service;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }
}
