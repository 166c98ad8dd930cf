package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

public class PortRule {

  public enum Protocol {
    TCP,
    UDP,
    SCTP
  }

  @Required
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("The port number, 1 to 65535.")
  private Integer port;

  @JsonPropertyDescription("TCP (default), UDP or SCTP.")
  private Protocol protocol = Protocol.TCP;

  public PortRule() {}

  public PortRule(int port, Protocol protocol) {
    this.port = port;
    this.protocol = protocol;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public Protocol getProtocol() {
    return protocol;
  }

  public void setProtocol(Protocol protocol) {
    this.protocol = protocol;
  }
}
