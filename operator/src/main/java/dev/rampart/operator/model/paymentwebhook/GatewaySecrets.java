package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Previous;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Version;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Secrets Rampart writes for a gateway: the gateway's own (its signing secrets and the forward
 * secret, as files), the forward secret for the tenant's application, and, without Vault, the
 * generated signing secret. The gateway's Secret also records which versions it holds, so that a
 * rotation survives an operator restart.
 */
public final class GatewaySecrets {

  /** Key of the generated signing secret and of the forward secret in their own Secrets. */
  public static final String SIGNING_SECRET_KEY = "signing-secret";

  public static final String FORWARD_FILE = "forward";
  public static final String DB_USERNAME_FILE = "db-username";
  public static final String DB_PASSWORD_FILE = "db-password";
  public static final String ADMIN_TOKENS_FILE = "admin-tokens";

  static final String CURRENT_VERSION = "rampart.dev/signing-version";
  static final String PREVIOUS_VERSION = "rampart.dev/previous-signing-version";
  static final String PREVIOUS_VALID_UNTIL = "rampart.dev/previous-valid-until";

  /** On the generated signing secret's Secret: the rotation request it was generated for. */
  public static final String ROTATION = "rampart.dev/rotation";

  private static final int KEY_BYTES = 32;

  private GatewaySecrets() {}

  /** The file a version of the signing secret is in. */
  public static String signingFile(long version) {
    return "signing-v" + version;
  }

  /** A Standard Webhooks secret: {@code whsec_} and 32 random bytes in base64. */
  public static String generate(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  /** The gateway's Secret: every signing secret it accepts and the forward secret. */
  public static Secret gateway(Gateway gateway) {
    State signing = gateway.signing();
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(CURRENT_VERSION, Long.toString(signing.current().number()));
    signing
        .previous()
        .ifPresent(
            p -> {
              annotations.put(PREVIOUS_VERSION, Long.toString(p.version().number()));
              annotations.put(PREVIOUS_VALID_UNTIL, p.validUntil().toString());
            });
    Secret secret =
        secret(gateway.webhook(), GatewayNames.gateway(gateway.webhook()), gateway.ownFiles());
    secret.getMetadata().setAnnotations(annotations);
    return secret;
  }

  /** Every Secret the gateway should have, the gateway's own first. */
  public static List<Secret> desired(Gateway gateway) {
    PaymentWebhook webhook = gateway.webhook();
    List<Secret> secrets = new ArrayList<>();
    secrets.add(gateway(gateway));
    gateway
        .forwardSecret()
        .ifPresent(
            value ->
                secrets.add(
                    secret(
                        webhook,
                        GatewayNames.forwardSigning(webhook),
                        Map.of(SIGNING_SECRET_KEY, value))));
    gateway
        .generated()
        .ifPresent(
            generated -> {
              Secret store =
                  secret(
                      webhook,
                      GatewayNames.generatedSigning(webhook),
                      Map.of(SIGNING_SECRET_KEY, generated.version().value()));
              Map<String, String> annotations = new TreeMap<>();
              annotations.put(CURRENT_VERSION, Long.toString(generated.version().number()));
              generated.rotation().ifPresent(token -> annotations.put(ROTATION, token));
              store.getMetadata().setAnnotations(annotations);
              secrets.add(store);
            });
    return secrets;
  }

  /** What the gateway's Secret in the cluster says it holds; empty when it is unusable. */
  public static Optional<State> rendered(Secret actual) {
    Map<String, String> annotations = annotations(actual);
    Optional<Version> current = version(actual, annotations.get(CURRENT_VERSION));
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Optional<Previous> previous =
        version(actual, annotations.get(PREVIOUS_VERSION))
            .flatMap(
                v -> instant(annotations.get(PREVIOUS_VALID_UNTIL)).map(t -> new Previous(v, t)));
    return Optional.of(new State(current.get(), previous));
  }

  /** The generated signing secret a Secret holds, with the rotation request it answered. */
  public static Optional<Gateway.Generated> generated(Secret store) {
    Map<String, String> annotations = annotations(store);
    return value(store, SIGNING_SECRET_KEY)
        .flatMap(
            value ->
                number(annotations.get(CURRENT_VERSION))
                    .map(
                        n ->
                            new Gateway.Generated(
                                new Version(n, value),
                                Optional.ofNullable(annotations.get(ROTATION)))));
  }

  /** The text of {@code key} in {@code secret}, if it has that key. */
  public static Optional<String> value(Secret secret, String key) {
    if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
  }

  private static Secret secret(PaymentWebhook webhook, String name, Map<String, String> text) {
    Map<String, String> data = new TreeMap<>();
    text.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withMetadata(GatewayNames.metadata(webhook, name))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  private static Optional<Version> version(Secret secret, String number) {
    return number(number)
        .flatMap(n -> value(secret, signingFile(n)).map(value -> new Version(n, value)));
  }

  private static Map<String, String> annotations(Secret secret) {
    return secret == null || secret.getMetadata().getAnnotations() == null
        ? new HashMap<>()
        : secret.getMetadata().getAnnotations();
  }

  private static Optional<Long> number(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
