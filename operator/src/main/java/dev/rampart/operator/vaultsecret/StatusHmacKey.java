package dev.rampart.operator.vaultsecret;

import dev.rampart.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key of the HMACs VaultSecrets show in status, kept in a Secret in Rampart's own namespace so
 * that every replica and every restart uses the same one. With a key per process, a restart or a
 * leader change would find every database Secret "changed by hand" and replace all credentials at
 * once, restarting every workload that uses them.
 */
final class StatusHmacKey {

  static final String SECRET_NAME = "rampart-status-hmac-key";
  private static final String KEY = "key";

  private StatusHmacKey() {}

  /** The key, created (immutable, random) by the first replica that finds none. */
  static byte[] load(KubernetesClient client, String namespace) {
    Secret existing = client.secrets().inNamespace(namespace).withName(SECRET_NAME).get();
    if (existing != null) {
      return decode(existing);
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(SECRET_NAME)
            .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_RAMPART)
            .endMetadata()
            .withImmutable(true)
            .addToData(KEY, Base64.getEncoder().encodeToString(key))
            .build();
    try {
      client.resource(secret).create();
      return key;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Another replica created it first: use theirs.
      return decode(client.secrets().inNamespace(namespace).withName(SECRET_NAME).get());
    }
  }

  private static byte[] decode(Secret secret) {
    String encoded = secret.getData() == null ? null : secret.getData().get(KEY);
    if (encoded == null) {
      throw new IllegalStateException(
          "Secret "
              + SECRET_NAME
              + " has no key '"
              + KEY
              + "'; delete it so Rampart makes a new one");
    }
    return Base64.getDecoder().decode(encoded);
  }
}
