package dev.rampart.localcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where {@code scripts/servers.sh build} put the servers, read from the {@code versions.env} it
 * writes, so the pinned versions are stated in one place only.
 */
public record Servers(
    Path kubernetesDir,
    String kubernetesVersion,
    Path helm,
    Path bao,
    Path postgresDir,
    Path opa,
    Path keycloakHome,
    String keycloakFeatures) {

  /** {@code $RAMPART_CACHE/servers}, by default {@code ~/.cache/rampart/servers}. */
  public static Servers fromCache() {
    String cache = System.getenv("RAMPART_CACHE");
    Path base =
        cache != null
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache", "rampart");
    return fromVersionsFile(base.resolve("servers").resolve("versions.env"));
  }

  static Servers fromVersionsFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " is missing: run `scripts/servers.sh build` to build the local control plane");
    }
    Map<String, String> values = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Servers(
        Path.of(required(values, "RAMPART_K8S_DIR", file)),
        required(values, "RAMPART_KUBERNETES_VERSION", file),
        Path.of(required(values, "RAMPART_HELM", file)),
        Path.of(required(values, "RAMPART_BAO", file)),
        Path.of(required(values, "RAMPART_POSTGRES_DIR", file)),
        Path.of(required(values, "RAMPART_OPA", file)),
        Path.of(required(values, "RAMPART_KEYCLOAK_HOME", file)),
        required(values, "RAMPART_KEYCLOAK_FEATURES", file));
  }

  private static String required(Map<String, String> values, String key, Path file) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(file + " has no " + key + "; rerun scripts/servers.sh build");
    }
    return value;
  }

  public Path kubectl() {
    return kubernetesDir.resolve("kubectl");
  }
}
