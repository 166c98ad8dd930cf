package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

public class TestContext {

  @Size(max = 16)
  @JsonPropertyDescription("The token's amr claim, e.g. [pwd, otp]; none when omitted.")
  private List<@Size(min = 1, max = 32) String> amr;

  @Size(max = 32)
  @JsonPropertyDescription(
      "The token's acr claim: mfa after the tenant realm's second factor, pwd after a password alone;"
          + " none when omitted.")
  private String acr;

  @JsonPropertyDescription("The AI agent acting for the user, with the scopes it asks for.")
  private AgentSubject agent;

  public List<String> getAmr() {
    return amr;
  }

  public void setAmr(List<String> amr) {
    this.amr = amr;
  }

  public String getAcr() {
    return acr;
  }

  public void setAcr(String acr) {
    this.acr = acr;
  }

  public AgentSubject getAgent() {
    return agent;
  }

  public void setAgent(AgentSubject agent) {
    this.agent = agent;
  }
}
