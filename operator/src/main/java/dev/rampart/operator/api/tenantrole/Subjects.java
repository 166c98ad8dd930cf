package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Who holds a role: identities of the tenant's identity provider, workloads and AI agents. */
public class Subjects {

  @Size(max = 256)
  @JsonPropertyDescription("User ids (the token's sub claim) of the tenant's identity provider.")
  private List<@Size(min = 1, max = 253) String> users;

  @Size(max = 64)
  @JsonPropertyDescription("Groups (the token's groups claim) of the tenant's identity provider.")
  private List<@Size(min = 1, max = 253) String> groups;

  @Size(max = 64)
  @JsonPropertyDescription(
      "ServiceAccounts of the tenant's own namespaces (another namespace: condition InvalidRole).")
  private List<ServiceAccountSubject> serviceAccounts;

  @Size(max = 32)
  @JsonPropertyDescription(
      "AI agents that may act for a user holding this role, each limited to its scopes: an agent"
          + " gets at most the intersection of the user's permissions and its scopes.")
  private List<AgentSubject> agents;

  public List<String> getUsers() {
    return users;
  }

  public void setUsers(List<String> users) {
    this.users = users;
  }

  public List<String> getGroups() {
    return groups;
  }

  public void setGroups(List<String> groups) {
    this.groups = groups;
  }

  public List<ServiceAccountSubject> getServiceAccounts() {
    return serviceAccounts;
  }

  public void setServiceAccounts(List<ServiceAccountSubject> serviceAccounts) {
    this.serviceAccounts = serviceAccounts;
  }

  public List<AgentSubject> getAgents() {
    return agents;
  }

  public void setAgents(List<AgentSubject> agents) {
    this.agents = agents;
  }
}
