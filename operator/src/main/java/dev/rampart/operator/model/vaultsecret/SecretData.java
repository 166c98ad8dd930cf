package dev.rampart.operator.model.vaultsecret;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key/value pairs of a KV entry as they go into a Secret, and their fingerprint. Nothing here
 * ever puts a value into a message: only key names are named.
 */
public final class SecretData {

  private SecretData() {}

  /** A Secret's data, decoded as UTF-8 text. */
  public static Map<String, String> decoded(Secret secret) {
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return data;
  }

  /** A KV v2 entry's {@code data}: text values as they are, anything else as its JSON. */
  public static Map<String, String> fromKv(JsonNode data) {
    Map<String, String> result = new TreeMap<>();
    data.properties()
        .forEach(
            field ->
                result.put(
                    field.getKey(),
                    field.getValue().isTextual()
                        ? field.getValue().asText()
                        : field.getValue().toString()));
    return result;
  }

  /** The result of mapping Vault keys to Secret keys. */
  public record Mapped(Map<String, String> data, List<String> missingKeys) {}

  /**
   * Renames (and selects) keys by {@code keys} (vault-key to secret-key); all keys as they are when
   * {@code keys} is null or empty. Vault keys named in {@code keys} but absent are reported.
   */
  public static Mapped mapKeys(Map<String, String> vault, Map<String, String> keys) {
    if (keys == null || keys.isEmpty()) {
      return new Mapped(new TreeMap<>(vault), List.of());
    }
    Map<String, String> result = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    new TreeMap<>(keys)
        .forEach(
            (vaultKey, secretKey) -> {
              if (vault.containsKey(vaultKey)) {
                result.put(secretKey, vault.get(vaultKey));
              } else {
                missing.add(vaultKey);
              }
            });
    return new Mapped(result, missing);
  }

  /**
   * HMAC-SHA256 over the pairs sorted by key, each part length-prefixed so that no two different
   * maps give the same input; {@code hmac-sha256:<hex>}.
   */
  public static String hmac(byte[] key, Map<String, String> data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (Map.Entry<String, String> pair : new TreeMap<>(data).entrySet()) {
        update(mac, pair.getKey());
        update(mac, pair.getValue());
      }
      return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static void update(Mac mac, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    mac.update(bytes);
  }
}
