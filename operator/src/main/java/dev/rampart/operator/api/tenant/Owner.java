package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(
    value = "self.kind == 'ServiceAccount' ? has(self.__namespace__) : !has(self.__namespace__)",
    message =
        "namespace is required for a ServiceAccount owner and not allowed for a User or Group")
public class Owner {

  public enum Kind {
    User,
    Group,
    ServiceAccount
  }

  @Required
  @JsonPropertyDescription("User, Group or ServiceAccount.")
  private Kind kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("The user, group or service account name.")
  private String name;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription("The service account's namespace (ServiceAccount owners only).")
  private String namespace;

  public Owner() {}

  public Owner(Kind kind, String name, String namespace) {
    this.kind = kind;
    this.name = name;
    this.namespace = namespace;
  }

  public Kind getKind() {
    return kind;
  }

  public void setKind(Kind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
