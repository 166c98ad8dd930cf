package dev.rampart.operator.model.vaultsecret;

import dev.rampart.operator.api.vaultsecret.Destination;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The Secret a VaultSecret should have, and whether the one in the cluster still is it. */
public final class DesiredSecret {

  private DesiredSecret() {}

  /** Labels that mark a Secret as the destination of the VaultSecret {@code name}. */
  public static Map<String, String> labels(String name) {
    return Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_RAMPART, VaultSecret.LABEL, name);
  }

  public static Secret of(VaultSecret owner, Map<String, String> data) {
    Destination destination = owner.getSpec().getDestination();
    Map<String, String> labels = new LinkedHashMap<>();
    if (destination.getLabels() != null) {
      labels.putAll(destination.getLabels());
    }
    labels.putAll(labels(owner.getMetadata().getName()));
    Map<String, String> encoded = new TreeMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(destination.getName())
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(Owners.controller(owner))
        .endMetadata()
        .withType(destination.getType() == null ? "Opaque" : destination.getType())
        .withData(encoded)
        .build();
  }

  /** Whether the Secret's data (as opposed to labels or owner) differs from the desired. */
  public static boolean dataDiffers(Secret desired, Secret actual) {
    return actual != null && !Objects.equals(desired.getData(), dataOf(actual));
  }

  private static Map<String, String> dataOf(Secret secret) {
    return secret.getData() == null ? Map.of() : secret.getData();
  }
}
