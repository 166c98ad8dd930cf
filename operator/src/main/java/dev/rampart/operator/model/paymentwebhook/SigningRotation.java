package dev.rampart.operator.model.paymentwebhook;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which signing secrets the gateway accepts. A new version from the source becomes current at once;
 * the one it replaces keeps verifying until the grace period ends, so senders can switch over, and
 * then drops out. Records never print their secret values.
 */
public final class SigningRotation {

  private SigningRotation() {}

  /** One version of the signing secret. */
  public record Version(long number, String value) {
    @Override
    public String toString() {
      return "Version[number=" + number + "]";
    }
  }

  /** A replaced version and when it stops verifying. */
  public record Previous(Version version, Instant validUntil) {}

  /** The secrets the gateway accepts: the current one and, during a grace period, the previous. */
  public record State(Version current, Optional<Previous> previous) {}

  /**
   * What the source holds now. {@code number} is the source's own version (a KV version); empty for
   * a source without versions (a Kubernetes Secret), whose versions Rampart counts.
   */
  public record Source(OptionalLong number, String value) {
    @Override
    public String toString() {
      return "Source[number=" + number + "]";
    }
  }

  /**
   * The state after reading {@code source} at {@code now}, given what the gateway was last given
   * ({@code rendered}, empty the first time or after its Secret was deleted).
   */
  public static State next(Optional<State> rendered, Source source, Instant now, Duration grace) {
    if (rendered.isEmpty()) {
      return new State(new Version(source.number().orElse(1), source.value()), Optional.empty());
    }
    Version current = rendered.get().current();
    Optional<Previous> previous =
        rendered.get().previous().filter(p -> now.isBefore(p.validUntil()));
    boolean sameValue = current.value().equals(source.value());
    long number = source.number().orElse(sameValue ? current.number() : current.number() + 1);
    if (number == current.number()) {
      // Same version: a differing value can only be a hand edit of Rampart's Secret, repaired.
      return new State(new Version(number, source.value()), previous);
    }
    Instant until = now.plus(grace).truncatedTo(ChronoUnit.SECONDS);
    return new State(
        new Version(number, source.value()),
        grace.isZero() ? Optional.empty() : Optional.of(new Previous(current, until)));
  }

  /** When the state changes without a new version: the previous one's end. */
  public static Optional<Instant> nextChange(State state) {
    return state.previous().map(Previous::validUntil);
  }
}
