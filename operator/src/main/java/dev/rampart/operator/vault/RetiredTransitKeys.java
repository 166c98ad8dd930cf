package dev.rampart.operator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transit keys of deleted tenants, kept until their retention ends so that data encrypted with them
 * can still be decrypted, then deleted. The schedule lives in Vault itself (KV v2 under {@code
 * secret/rampart/retired-transit-keys/}), so it survives the Tenant and the operator.
 */
public final class RetiredTransitKeys {

  private static final Logger log = LoggerFactory.getLogger(RetiredTransitKeys.class);
  private static final String RECORDS = "rampart/retired-transit-keys/";

  private final Vault vault;

  public RetiredTransitKeys(Vault vault) {
    this.vault = vault;
  }

  public void record(String key, Instant deleteAfter) {
    vault.write(
        "secret/data/" + RECORDS + key,
        Map.of("data", Map.of("deleteAfter", deleteAfter.toString())));
  }

  /** Deletes the keys whose retention has ended; returns how many. */
  public int sweep(Instant now) {
    int deleted = 0;
    for (String key : vault.list("secret/metadata/" + RECORDS)) {
      Optional<Instant> deleteAfter =
          vault
              .read("secret/data/" + RECORDS + key)
              .map(data -> data.path("data").path("deleteAfter"))
              .filter(JsonNode::isTextual)
              .map(node -> Instant.parse(node.asText()));
      if (deleteAfter.isPresent() && !now.isBefore(deleteAfter.get())) {
        if (vault.read("transit/keys/" + key).isPresent()) {
          vault.write("transit/keys/" + key + "/config", Map.of("deletion_allowed", true));
          vault.delete("transit/keys/" + key);
        }
        vault.delete("secret/metadata/" + RECORDS + key);
        log.info("deleted transit key {}: its retention ended at {}", key, deleteAfter.get());
        deleted++;
      }
    }
    return deleted;
  }
}
