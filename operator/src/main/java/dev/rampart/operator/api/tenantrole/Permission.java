package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

public class Permission {

  /** A resource type: what the application calls the kind of record, such as invoice. */
  static final String RESOURCE_TYPE = "^[a-z][a-z0-9-]{0,62}$";

  @Required
  @Pattern(RESOURCE_TYPE)
  @JsonPropertyDescription(
      "The resource type, as the application names it (lowercase letters, digits and '-'), such"
          + " as invoice or customer.")
  private String resource;

  @Required
  @Size(min = 1, max = 7)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b == a))",
      message = "an action is listed once per permission")
  @JsonPropertyDescription(
      "The actions permitted: read, list, create, update, delete, export or approve.")
  private List<Action> actions = new ArrayList<>();

  @JsonPropertyDescription("Attribute conditions, all of which must hold; none when omitted.")
  private AttributeConditions conditions;

  public String getResource() {
    return resource;
  }

  public void setResource(String resource) {
    this.resource = resource;
  }

  public List<Action> getActions() {
    return actions;
  }

  public void setActions(List<Action> actions) {
    this.actions = actions;
  }

  public AttributeConditions getConditions() {
    return conditions;
  }

  public void setConditions(AttributeConditions conditions) {
    this.conditions = conditions;
  }
}
