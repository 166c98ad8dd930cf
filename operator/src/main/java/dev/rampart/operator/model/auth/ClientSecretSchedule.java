package dev.rampart.operator.model.auth;

import dev.rampart.operator.api.auth.ClientSecretRotation;
import dev.rampart.operator.model.SpecDurations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When a confidential client's secret is replaced: at {@code maxAge - overlap} after it was made
 * (the realm's spec.auth.clientSecretRotation), or at once when the OidcClient's annotation asks
 * for a secret newer than the time it names. Both are decided from the secret's creation time,
 * which Keycloak records with the secret, so a replacement interrupted by a crash is never made
 * twice.
 */
public final class ClientSecretSchedule {

  /** {@code kubectl annotate oidcclient <name> rampart.dev/rotate-secret=$(date -u +%FT%TZ)}. */
  public static final String ROTATE_ANNOTATION = "rampart.dev/rotate-secret";

  /** What to do with the secret now. */
  public sealed interface Decision {}

  /** Replace it; {@code why} is for the Event. */
  public record Replace(String why) implements Decision {}

  /** Keep it; {@code replaceAt} is when it is next due, when it is due at all. */
  public record Keep(Optional<Instant> replaceAt) implements Decision {}

  /** The annotation cannot be followed; the message says why, for the status. */
  public record Refused(String message) implements Decision {}

  private ClientSecretSchedule() {}

  /**
   * @param created when the current secret was made, empty when Keycloak did not say
   * @param requested the annotation's value, when the OidcClient has it
   */
  public static Decision decide(
      Optional<ClientSecretRotation> rotation,
      Optional<Instant> created,
      Optional<String> requested,
      Instant now) {
    if (requested.isPresent()) {
      Instant at;
      try {
        at = Instant.parse(requested.get());
      } catch (DateTimeParseException e) {
        return new Refused(
            "annotation "
                + ROTATE_ANNOTATION
                + " must be a UTC time such as 2026-01-31T12:00:00Z (a secret newer than it is"
                + " asked for), not "
                + requested.get());
      }
      // A time ahead of the clock would have every secret made until then replaced again.
      if (at.isAfter(now)) {
        return new Refused(
            "annotation "
                + ROTATE_ANNOTATION
                + " names "
                + at
                + ", in the future (Rampart's clock says "
                + now
                + "); it is followed once that time has come");
      }
      // Keycloak records whole seconds.
      if (created.isEmpty() || created.get().isBefore(at.truncatedTo(ChronoUnit.SECONDS))) {
        return new Replace("requested by annotation " + ROTATE_ANNOTATION + "=" + at);
      }
    }
    if (rotation.isEmpty()) {
      return new Keep(Optional.empty());
    }
    if (created.isEmpty()) {
      return new Replace("its age is unknown and the realm limits it");
    }
    Instant due = replaceAt(rotation.get(), created.get());
    return now.isBefore(due)
        ? new Keep(Optional.of(due))
        : new Replace(
            "scheduled, made " + created.get() + ", maxAge " + rotation.get().getMaxAge());
  }

  /** When a secret made at {@code created} is due: its overlap before it expires. */
  public static Instant replaceAt(ClientSecretRotation rotation, Instant created) {
    return created.plus(maxAge(rotation)).minus(overlap(rotation));
  }

  public static Duration maxAge(ClientSecretRotation rotation) {
    return SpecDurations.parse(rotation.getMaxAge()).orElse(Duration.ofDays(90));
  }

  public static Duration overlap(ClientSecretRotation rotation) {
    return SpecDurations.parse(rotation.getOverlap()).orElse(Duration.ofHours(24));
  }
}
