package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A Kubernetes RBAC rule (a PolicyRule without non-resource URLs) for the tenant namespace. */
@ValidationRule(
    value = "!self.verbs.exists(v, v in ['*', 'escalate', 'bind', 'impersonate'])",
    message =
        "verbs '*', escalate, bind and impersonate are never granted by a TenantRole: they let a"
            + " holder give itself more than the role says")
@ValidationRule(
    value = "!self.resources.exists(r, r == '*') && !self.apiGroups.exists(g, g == '*')",
    message = "name resources and apiGroups explicitly: '*' would grant kinds added later")
public class KubernetesRule {

  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription("API groups, '' for the core group.")
  private List<@Size(max = 253) String> apiGroups = new ArrayList<>();

  @Required
  @Size(min = 1, max = 32)
  @JsonPropertyDescription("Resources (and subresources, e.g. pods/log) in those groups.")
  private List<@Size(min = 1, max = 253) String> resources = new ArrayList<>();

  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription("Verbs: get, list, watch, create, update, patch, delete, ...")
  private List<@Size(min = 1, max = 32) String> verbs = new ArrayList<>();

  @Size(max = 32)
  @JsonPropertyDescription("Limits the rule to these object names.")
  private List<@Size(min = 1, max = 253) String> resourceNames;

  public List<String> getApiGroups() {
    return apiGroups;
  }

  public void setApiGroups(List<String> apiGroups) {
    this.apiGroups = apiGroups;
  }

  public List<String> getResources() {
    return resources;
  }

  public void setResources(List<String> resources) {
    this.resources = resources;
  }

  public List<String> getVerbs() {
    return verbs;
  }

  public void setVerbs(List<String> verbs) {
    this.verbs = verbs;
  }

  public List<String> getResourceNames() {
    return resourceNames;
  }

  public void setResourceNames(List<String> resourceNames) {
    this.resourceNames = resourceNames;
  }
}
