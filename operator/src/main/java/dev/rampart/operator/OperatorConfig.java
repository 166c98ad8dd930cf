package dev.rampart.operator;

import dev.rampart.operator.keycloak.KeycloakConfig;
import dev.rampart.operator.model.tenant.OperatorAccessModel;
import dev.rampart.operator.vault.VaultConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Rampart's settings, read from environment variables (the Helm chart sets them). Every bad value
 * is reported at once, by name, before anything starts.
 *
 * @param httpPort port of /healthz, /readyz and /metrics; 0 picks a free one
 * @param leaderElection whether to take a Lease before reconciling (on for more than one replica)
 * @param leaseNamespace namespace of the Lease; the pod's own namespace in a cluster
 * @param reconcileThreads concurrent reconciliations
 * @param shutdownGrace how long to let running reconciliations finish on SIGTERM
 * @param vault how to reach Vault; empty when RAMPART_VAULT_ADDR is unset (tenants get no Vault
 *     state)
 * @param billingGatewayImage the image of the billing gateways provisioned for PaymentWebhooks
 * @param serviceAccount the ServiceAccount the operator runs as (in {@code leaseNamespace}), which
 *     each tenant namespace binds to what Rampart may do there; empty when Rampart runs with
 *     credentials of its own (e.g. a developer's kubeconfig), which then need that access
 *     everywhere
 * @param pdpImage the OPA image of tenants' policy decision points
 * @param opa the pinned opa binary TenantRoles' tests run with before a policy bundle is served;
 *     empty when RAMPART_OPA is unset (no bundle is then served: TenantRoles show
 *     PolicyEngineUnavailable)
 * @param keycloak how to reach Keycloak; empty when RAMPART_KEYCLOAK_URL is unset (Tenants with
 *     spec.auth then show KeycloakNotConfigured)
 */
public record OperatorConfig(
    int httpPort,
    boolean leaderElection,
    String leaseNamespace,
    int reconcileThreads,
    Duration shutdownGrace,
    Optional<VaultConfig> vault,
    String billingGatewayImage,
    Optional<OperatorAccessModel.ServiceAccount> serviceAccount,
    String pdpImage,
    Optional<Path> opa,
    Optional<KeycloakConfig> keycloak) {

  /** The OPA the policy library is tested with (scripts/servers.sh), as an image. */
  public static final String DEFAULT_PDP_IMAGE = "openpolicyagent/opa:1.22.4-static";

  public static final String LEASE_NAME = "rampart-operator";

  /** Raised with every problem found, one per line. */
  public static final class InvalidConfigException extends RuntimeException {
    InvalidConfigException(List<String> problems) {
      super("invalid configuration:\n  " + String.join("\n  ", problems));
    }
  }

  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    Parser parser = new Parser(env);
    String namespace =
        parser.text("RAMPART_LEASE_NAMESPACE", env.getOrDefault("POD_NAMESPACE", "rampart-system"));
    OperatorConfig config =
        new OperatorConfig(
            parser.integer("RAMPART_HTTP_PORT", 8080, 0, 65535),
            parser.bool("RAMPART_LEADER_ELECTION", true),
            namespace,
            parser.integer("RAMPART_RECONCILE_THREADS", 10, 1, 200),
            Duration.ofSeconds(parser.integer("RAMPART_SHUTDOWN_GRACE_SECONDS", 30, 0, 600)),
            parser.vault(),
            parser.image(
                "RAMPART_BILLING_GATEWAY_IMAGE", "rampart/billing-gateway:" + projectVersion()),
            parser
                .value("RAMPART_SERVICE_ACCOUNT")
                .map(name -> new OperatorAccessModel.ServiceAccount(namespace, name)),
            parser.image("RAMPART_PDP_IMAGE", DEFAULT_PDP_IMAGE),
            parser.executable("RAMPART_OPA"),
            parser.keycloak());
    if (!parser.problems.isEmpty()) {
      throw new InvalidConfigException(parser.problems);
    }
    return config;
  }

  /** The version the build wrote into {@code rampart.properties}: images default to it. */
  private static String projectVersion() {
    try (InputStream in = OperatorConfig.class.getResourceAsStream("/rampart.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("rampart.properties is missing from the build", e);
    }
  }

  private static final class Parser {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Parser(Map<String, String> env) {
      this.env = env;
    }

    Optional<String> value(String name) {
      return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    int integer(String name, int fallback, int min, int max) {
      return number(name, fallback, min, max, Integer::valueOf, "not a whole number");
    }

    double fraction(String name, double fallback, double min, double max) {
      return number(name, fallback, min, max, Double::valueOf, "not a number");
    }

    private <N extends Comparable<N>> N number(
        String name, N fallback, N min, N max, Function<String, N> parse, String notANumber) {
      Optional<String> raw = value(name);
      if (raw.isEmpty()) {
        return fallback;
      }
      try {
        N parsed = parse.apply(raw.get());
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
          problems.add(name + "=" + raw.get() + ": must be between " + min + " and " + max);
        }
        return parsed;
      } catch (NumberFormatException e) {
        problems.add(name + "=" + raw.get() + ": " + notANumber);
        return fallback;
      }
    }

    boolean bool(String name, boolean fallback) {
      Optional<String> raw = value(name);
      if (raw.isEmpty()) {
        return fallback;
      }
      return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> {
          problems.add(name + "=" + raw.get() + ": must be true or false");
          yield fallback;
        }
      };
    }

    Optional<VaultConfig> vault() {
      return url("RAMPART_VAULT_ADDR")
          .map(
              uri ->
                  new VaultConfig(
                      uri,
                      value("RAMPART_VAULT_CACERT").map(Path::of).orElse(null),
                      value("RAMPART_VAULT_TOKEN_FILE").map(Path::of).orElse(null),
                      value("RAMPART_VAULT_AUTH_MOUNT").orElse("kubernetes"),
                      value("RAMPART_VAULT_ROLE").orElse("rampart"),
                      Path.of(
                          value("RAMPART_VAULT_JWT_FILE")
                              .orElse("/var/run/secrets/kubernetes.io/serviceaccount/token")),
                      Duration.ofSeconds(integer("RAMPART_VAULT_TIMEOUT_SECONDS", 10, 1, 300)),
                      Duration.ofSeconds(integer("RAMPART_VAULT_RESYNC_SECONDS", 300, 1, 86_400)),
                      Duration.ofSeconds(
                          integer(
                              "RAMPART_VAULT_KEY_RETENTION_SECONDS",
                              30 * 86_400,
                              0,
                              Integer.MAX_VALUE)),
                      Duration.ofSeconds(
                          integer("RAMPART_VAULT_TENANT_TOKEN_TTL_SECONDS", 900, 60, 86_400)),
                      fraction("RAMPART_VAULT_LEASE_RENEW_FRACTION", 2.0 / 3, 0.1, 0.9)));
    }

    Optional<KeycloakConfig> keycloak() {
      return url("RAMPART_KEYCLOAK_URL")
          .map(
              uri -> {
                Optional<String> secret = value("RAMPART_KEYCLOAK_CLIENT_SECRET");
                if (secret.isEmpty()) {
                  problems.add(
                      "RAMPART_KEYCLOAK_CLIENT_SECRET: required with RAMPART_KEYCLOAK_URL (the"
                          + " secret of Rampart's client in the master realm)");
                }
                return new KeycloakConfig(
                    uri,
                    value("RAMPART_KEYCLOAK_CA_FILE").map(Path::of),
                    text("RAMPART_KEYCLOAK_CLIENT_ID", "rampart-operator"),
                    secret.orElse(""),
                    Duration.ofSeconds(integer("RAMPART_KEYCLOAK_TIMEOUT_SECONDS", 10, 1, 300)),
                    Duration.ofSeconds(integer("RAMPART_KEYCLOAK_RESYNC_SECONDS", 300, 5, 86_400)));
              });
    }

    /** An http(s) URL, or empty when the variable is unset. */
    private Optional<URI> url(String name) {
      Optional<String> raw = value(name);
      if (raw.isEmpty()) {
        return Optional.empty();
      }
      try {
        URI uri = new URI(raw.get());
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          problems.add(name + "=" + raw.get() + ": must be an http(s) URL");
        }
        return Optional.of(uri);
      } catch (URISyntaxException e) {
        problems.add(name + "=" + raw.get() + ": not a URL");
        return Optional.of(URI.create("http://invalid"));
      }
    }

    Optional<Path> executable(String name) {
      Optional<Path> path = value(name).map(Path::of);
      path.filter(p -> !Files.isRegularFile(p) || !Files.isExecutable(p))
          .ifPresent(p -> problems.add(name + "=" + p + ": not an executable file"));
      return path;
    }

    String image(String name, String fallback) {
      String result = value(name).orElse(fallback);
      if (!result.matches("[^\\s:/][^\\s]*")) {
        problems.add(
            name
                + "="
                + result
                + ": must be an image reference such as"
                + " registry.example.com/rampart/billing-gateway:1.0");
      }
      return result;
    }

    String text(String name, String fallback) {
      String result = value(name).orElse(fallback);
      if (!result.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
        problems.add(name + "=" + result + ": must be a namespace name");
      }
      return result;
    }
  }
}
