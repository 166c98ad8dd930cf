package dev.rampart.operator.model.auth;

import dev.rampart.operator.api.auth.SigningKeyStatus;
import dev.rampart.operator.api.auth.SigningKeys;
import dev.rampart.operator.model.SpecDurations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which signing keys a realm has: the current generation's, active, and earlier ones, passive,
 * until their overlap after retirement ends. Keycloak signs with the active key of the highest
 * priority; passive keys only verify (they stay in the JWKS).
 */
public final class SigningKeyModel {

  /** Keycloak's own key provider of a new realm, replaced by Rampart's. */
  public static final String KEYCLOAK_DEFAULT_KEY = "rsa-generated";

  static final String PREFIX = "rampart-signing-";

  /** A key provider component as Rampart wants it. */
  public record Key(String name, String providerId, Map<String, List<String>> config) {}

  private SigningKeyModel() {}

  public static String name(long generation) {
    return PREFIX + generation;
  }

  public static boolean isRamparts(String componentName) {
    return componentName != null && componentName.startsWith(PREFIX);
  }

  /**
   * The keys' statuses after this reconciliation: the spec's generation active, an earlier active
   * one retired now, retired ones kept until {@code retiredAt + overlap}.
   */
  public static List<SigningKeyStatus> statuses(
      SigningKeys spec, List<SigningKeyStatus> previous, Instant now) {
    Duration overlap = SpecDurations.parse(spec.getOverlap()).orElse(Duration.ofHours(24));
    List<SigningKeyStatus> next = new ArrayList<>();
    next.add(new SigningKeyStatus(spec.getGeneration(), null));
    for (SigningKeyStatus key : previous) {
      if (key.getGeneration() == spec.getGeneration()) {
        continue;
      }
      String retiredAt = key.getRetiredAt() != null ? key.getRetiredAt() : now.toString();
      if (Instant.parse(retiredAt).plus(overlap).isAfter(now)) {
        next.add(new SigningKeyStatus(key.getGeneration(), retiredAt));
      }
    }
    next.sort(Comparator.comparingLong(SigningKeyStatus::getGeneration).reversed());
    return next;
  }

  /** The key components those statuses call for. */
  public static List<Key> keys(SigningKeys spec, List<SigningKeyStatus> statuses) {
    return statuses.stream()
        .map(
            status ->
                key(spec.getAlgorithm(), status.getGeneration(), status.getRetiredAt() == null))
        .toList();
  }

  private static Key key(String algorithm, long generation, boolean active) {
    boolean ec = algorithm.startsWith("ES");
    Map<String, List<String>> config =
        Map.of(
            // Newer generations outrank older ones, and all outrank Keycloak's default of 100.
            "priority",
            List.of(String.valueOf(1000 + generation)),
            "active",
            List.of(String.valueOf(active)),
            "enabled",
            List.of("true"),
            "algorithm",
            List.of(algorithm),
            ec ? "ecdsaEllipticCurveKey" : "keySize",
            List.of(ec ? "P-256" : "2048"));
    return new Key(name(generation), ec ? "ecdsa-generated" : "rsa-generated", config);
  }
}
