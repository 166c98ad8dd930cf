package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.model.paymentwebhook.Gateway.Generated;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Version;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When Rampart generates a new Standard Webhooks signing secret: when there is none, or when the
 * rotation annotation carries a request the current one was not generated for. The request is kept
 * with the secret (in its KV entry or Secret), so each request makes exactly one new version.
 */
public final class GeneratedSigning {

  private GeneratedSigning() {}

  /** Whether the secret generated for {@code answered} must make way for a new one. */
  public static boolean rotationDue(Optional<String> requested, Optional<String> answered) {
    return requested.isPresent() && !requested.equals(answered);
  }

  /**
   * The generated secret to use, kept in a Secret (no Vault): the stored one; else the gateway's
   * current one (its Secret was lost, the gateway's was not), taken as answering {@code requested};
   * else, or when a rotation is due, a new version from {@code generator}.
   */
  public static Generated next(
      Optional<Generated> stored,
      Optional<State> rendered,
      Optional<String> requested,
      Supplier<String> generator) {
    Optional<Generated> kept =
        stored.or(() -> rendered.map(state -> new Generated(state.current(), requested)));
    if (kept.isPresent() && !rotationDue(requested, kept.get().rotation())) {
      return kept.get();
    }
    long number = kept.map(g -> g.version().number() + 1).orElse(1L);
    return new Generated(new Version(number, generator.get()), requested);
  }
}
