package dev.rampart.operator.model;

import dev.rampart.operator.api.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** metav1.Condition bookkeeping: a transition time that moves only when the status does. */
public final class Conditions {

  public static final String READY = "Ready";

  private Conditions() {}

  /**
   * {@code current} with the condition of {@code type} replaced. The last transition time is kept
   * when the status did not change, so a reconcile that learns nothing new writes nothing.
   */
  public static List<Condition> with(
      List<Condition> current,
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      Instant now) {
    String statusText = status ? "True" : "False";
    Condition previous =
        current.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition =
        previous != null && statusText.equals(previous.getStatus())
            ? previous.getLastTransitionTime()
            : now.truncatedTo(ChronoUnit.SECONDS).toString();
    Condition next = new Condition(type, statusText, reason, message, transition, generation);
    List<Condition> result = new ArrayList<>(current.size() + 1);
    boolean replaced = false;
    for (Condition condition : current) {
      if (type.equals(condition.getType())) {
        result.add(next);
        replaced = true;
      } else {
        result.add(condition);
      }
    }
    if (!replaced) {
      result.add(next);
    }
    return result;
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && Objects.equals("True", c.getStatus()));
  }
}
