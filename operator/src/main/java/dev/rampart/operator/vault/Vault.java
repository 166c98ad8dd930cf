package dev.rampart.operator.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * The few Vault (or OpenBao) HTTP API operations Rampart uses. Paths are relative to {@code /v1/}.
 * Failures raise {@link VaultException}; none of them carries request or response data, except
 * Vault's reason for refusing a {@link #writeConfiguration}.
 */
public interface Vault {

  /** The response's {@code data}, or empty when nothing is at {@code path}. */
  Optional<JsonNode> read(String path);

  /** Writes (creates or updates) {@code body} at {@code path}. */
  void write(String path, Map<String, ?> body);

  /**
   * Like {@link #write}, for a body that holds no secret (a policy, a role, key settings): a
   * refusal then carries Vault's reason, which can only echo that body.
   */
  void writeConfiguration(String path, Map<String, ?> body);

  /** Like {@link #write}, returning the whole answer (empty object for 204). */
  JsonNode writeResponse(String path, Map<String, ?> body);

  void delete(String path);

  /** The keys listed under {@code path} (Vault's LIST), empty when there are none. */
  java.util.List<String> list(String path);
}
