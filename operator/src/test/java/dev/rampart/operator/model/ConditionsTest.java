package dev.rampart.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123Z");

  @Test
  void transitionTimeMovesOnlyWhenTheStatusChanges() {
    List<Condition> first = Conditions.with(List.of(), "Ready", false, "Pending", "wait", 1, T0);
    assertThat(first)
        .singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z"));

    List<Condition> sameStatus =
        Conditions.with(first, "Ready", false, "StillPending", "wait more", 2, T0.plusSeconds(60));
    assertThat(sameStatus)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
              assertThat(c.getReason()).isEqualTo("StillPending");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
            });

    List<Condition> flipped =
        Conditions.with(sameStatus, "Ready", true, "Done", "ok", 2, T0.plusSeconds(120));
    assertThat(flipped)
        .singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:02:00Z"));
    assertThat(Conditions.isTrue(flipped, "Ready")).isTrue();
  }

  @Test
  void otherConditionsAreKeptInPlace() {
    List<Condition> two =
        Conditions.with(
            Conditions.with(List.of(), "A", true, "R", "m", 1, T0), "B", true, "R", "m", 1, T0);
    List<Condition> updated = Conditions.with(two, "A", false, "R2", "m2", 1, T0);
    assertThat(updated).extracting(Condition::getType).containsExactly("A", "B");
    assertThat(Conditions.isTrue(updated, "A")).isFalse();
  }
}
