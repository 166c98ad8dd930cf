package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

public class AgentSubject {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("The agent's id, as the request's context.agent.id names it.")
  private String id;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription(
      "What the agent may do for the user, as '<resource>:<action>' (e.g. invoice:read); each a"
          + " scope this role permits (otherwise condition InvalidRole).")
  private List<
          @Pattern("^[a-z][a-z0-9-]{0,62}:(read|list|create|update|delete|export|approve)$") String>
      scopes = new ArrayList<>();

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes;
  }
}
