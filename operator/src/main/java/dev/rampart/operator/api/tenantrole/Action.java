package dev.rampart.operator.api.tenantrole;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a principal does to a resource; the Cedar schema's actions are these. */
public enum Action {
  @JsonProperty("read")
  READ,
  @JsonProperty("list")
  LIST,
  @JsonProperty("create")
  CREATE,
  @JsonProperty("update")
  UPDATE,
  @JsonProperty("delete")
  DELETE,
  @JsonProperty("export")
  EXPORT,
  @JsonProperty("approve")
  APPROVE;

  /** The action as written in YAML, in policy data and in agent scopes. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
