package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

public class TenantRoleSpec {

  @Size(max = 512)
  @JsonPropertyDescription("What the role is for, for people reading the policy.")
  private String description;

  @Required
  @Size(min = 1, max = 32)
  @JsonPropertyDescription("What the role permits: actions on a resource type, under conditions.")
  private List<Permission> permissions = new ArrayList<>();

  @JsonPropertyDescription("Who holds the role.")
  private Subjects subjects;

  @JsonPropertyDescription(
      "Whether the role's permissions apply only to requests authenticated with a second factor"
          + " (the token's amr claim holds mfa, otp, hwk, swk or sc).")
  private boolean requireMfa;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Kubernetes RBAC rules granted to the subjects in this namespace, as a Role and RoleBinding"
          + " rampart-role-<name>. Refused (condition RbacReady=False) when they grant more than"
          + " the tenant owner role holds.")
  private List<KubernetesRule> kubernetesRules;

  @Size(max = 64)
  @ValidationRule(
      value = "self.all(t, self.exists_one(u, u.name == t.name))",
      message = "test names must be unique within a TenantRole")
  @JsonPropertyDescription(
      "Cases that must be allowed or denied, such as 'a viewer cannot export PII'. Every test of"
          + " every role of the tenant runs in both OPA and Cedar before a new bundle is served.")
  private List<RoleTest> tests;

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public List<Permission> getPermissions() {
    return permissions;
  }

  public void setPermissions(List<Permission> permissions) {
    this.permissions = permissions;
  }

  public Subjects getSubjects() {
    return subjects;
  }

  public void setSubjects(Subjects subjects) {
    this.subjects = subjects;
  }

  public boolean isRequireMfa() {
    return requireMfa;
  }

  public void setRequireMfa(boolean requireMfa) {
    this.requireMfa = requireMfa;
  }

  public List<KubernetesRule> getKubernetesRules() {
    return kubernetesRules;
  }

  public void setKubernetesRules(List<KubernetesRule> kubernetesRules) {
    this.kubernetesRules = kubernetesRules;
  }

  public List<RoleTest> getTests() {
    return tests;
  }

  public void setTests(List<RoleTest> tests) {
    this.tests = tests;
  }
}
