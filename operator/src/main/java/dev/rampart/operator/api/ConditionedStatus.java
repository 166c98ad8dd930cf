package dev.rampart.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every Rampart status has: the generation it describes and metav1-shaped conditions. Each
 * kind documents its condition types and reasons by overriding {@link #getConditions()}.
 */
public abstract class ConditionedStatus {

  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** Whether the shared part equals {@code other}'s; subclasses add their own fields. */
  protected boolean sameConditions(ConditionedStatus other) {
    return Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions);
  }

  protected int conditionsHash() {
    return Objects.hash(observedGeneration, conditions);
  }
}
