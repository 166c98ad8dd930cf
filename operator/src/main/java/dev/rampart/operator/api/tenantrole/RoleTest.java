package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A request the tenant's policy must decide as expected, in both engines. */
public class RoleTest {

  public enum Expectation {
    @JsonProperty("allow")
    ALLOW,
    @JsonProperty("deny")
    DENY
  }

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The case's name, unique in the TenantRole, e.g. viewer-cannot-export.")
  private String name;

  @Size(max = 512)
  @JsonPropertyDescription("What the case shows, e.g. 'a viewer cannot export PII'.")
  private String description;

  @Required
  @JsonPropertyDescription("allow or deny.")
  private Expectation expect;

  @Required
  @JsonPropertyDescription("Who asks.")
  private TestPrincipal principal;

  @Required
  @JsonPropertyDescription("What is asked: read, list, create, update, delete, export or approve.")
  private Action action;

  @Required
  @JsonPropertyDescription("What it is asked on.")
  private TestResource resource;

  @JsonPropertyDescription("How the request was authenticated, and the agent acting, if any.")
  private TestContext context;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public Expectation getExpect() {
    return expect;
  }

  public void setExpect(Expectation expect) {
    this.expect = expect;
  }

  public TestPrincipal getPrincipal() {
    return principal;
  }

  public void setPrincipal(TestPrincipal principal) {
    this.principal = principal;
  }

  public Action getAction() {
    return action;
  }

  public void setAction(Action action) {
    this.action = action;
  }

  public TestResource getResource() {
    return resource;
  }

  public void setResource(TestResource resource) {
    this.resource = resource;
  }

  public TestContext getContext() {
    return context;
  }

  public void setContext(TestContext context) {
    this.context = context;
  }
}
