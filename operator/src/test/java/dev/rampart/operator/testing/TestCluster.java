package dev.rampart.operator.testing;

import dev.rampart.localcp.ChartInstall;
import dev.rampart.localcp.LocalControlPlane;
import dev.rampart.localcp.LocalKeycloak;
import dev.rampart.localcp.LocalVault;
import dev.rampart.localcp.OperatorIdentity;
import dev.rampart.localcp.Servers;
import dev.rampart.localcp.VaultOnKubernetes;
import dev.rampart.operator.OperatorConfig;
import dev.rampart.operator.RampartOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real control plane and the in-process operator that integration tests share: started once per
 * test JVM, with Rampart installed as the chart installs it (the CRDs under test, the chart's RBAC
 * and policies; see {@link ChartInstall}). The operator runs as the chart's ServiceAccount; tests
 * set up what they need as {@link #admin()}. Tests isolate themselves by using their own tenant
 * names.
 */
public final class TestCluster {

  private static LocalControlPlane controlPlane;
  private static KubernetesClient admin;
  private static OperatorIdentity operatorIdentity;
  private static RampartOperator operator;
  private static LocalVault vault;
  private static LocalKeycloak keycloak;
  private static Path operatorJwt;

  /** Rampart's own Vault role and namespace, as a Helm install would have them. */
  public static final String OPERATOR_NAMESPACE = ChartInstall.NAMESPACE;

  private static final String OPERATOR_ROLE = "rampart";

  private TestCluster() {}

  public static synchronized KubernetesClient admin() {
    if (controlPlane == null) {
      controlPlane = LocalControlPlane.start(Servers.fromCache());
      Runtime.getRuntime().addShutdownHook(new Thread(TestCluster::stopAll));
      admin = controlPlane.newClient();
      operatorIdentity =
          ChartInstall.install(admin, Servers.fromCache().helm(), chart(), generatedCrds());
    }
    return admin;
  }

  /** Who the operator runs as: the chart's ServiceAccount, with the chart's RBAC only. */
  public static synchronized OperatorIdentity operatorIdentity() {
    admin();
    return operatorIdentity;
  }

  /** Applies the chart's objects again, e.g. after a Helm release removed its cluster policies. */
  public static void reapplyChart() {
    ChartInstall.applyChart(admin(), Servers.fromCache().helm(), chart());
  }

  public static Path chart() {
    return repoRoot().resolve("helm/rampart");
  }

  /** The CRDs the build generated from the Java classes: the ones under test. */
  public static Path generatedCrds() {
    return repoRoot().resolve("operator/target/classes/META-INF/fabric8");
  }

  /** The lifetime of tenants' Vault tokens in the test operator (the minimum Rampart accepts). */
  public static final Duration TENANT_TOKEN_TTL = Duration.ofSeconds(60);

  /**
   * The operator, running in this JVM against the control plane and connected to OpenBao, logged in
   * through kubernetes auth with the chart's Vault policy. Vault drift checks and key retention are
   * shortened to seconds so tests see them.
   */
  public static synchronized RampartOperator operator() {
    if (operator == null) {
      try {
        operator = RampartOperator.start(operatorConfig(), operatorIdentity().config());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return operator;
  }

  /** The test operator's settings. */
  public static OperatorConfig operatorConfig() {
    vault();
    Map<String, String> environment = new HashMap<>(operatorIdentity().environment());
    environment.put("RAMPART_HTTP_PORT", "0");
    environment.put("RAMPART_LEADER_ELECTION", "false");
    environment.put("RAMPART_VAULT_ADDR", vault.address());
    environment.put("RAMPART_VAULT_JWT_FILE", operatorJwt.toString());
    environment.put("RAMPART_VAULT_RESYNC_SECONDS", "3");
    environment.put("RAMPART_OPA", Servers.fromCache().opa().toString());
    environment.put("RAMPART_VAULT_KEY_RETENTION_SECONDS", "6");
    environment.put("RAMPART_KEYCLOAK_URL", keycloak().url());
    environment.put("RAMPART_KEYCLOAK_CLIENT_ID", keycloak.operatorClientId());
    environment.put("RAMPART_KEYCLOAK_CLIENT_SECRET", keycloak.operatorClientSecret());
    environment.put("RAMPART_KEYCLOAK_RESYNC_SECONDS", "5");
    // Shorter than the test database leases, which must outlive it.
    environment.put(
        "RAMPART_VAULT_TENANT_TOKEN_TTL_SECONDS", Long.toString(TENANT_TOKEN_TTL.toSeconds()));
    return OperatorConfig.fromEnvironment(environment);
  }

  /**
   * The Keycloak the operator uses, where Rampart is a master-realm client holding create-realm
   * only.
   */
  public static synchronized LocalKeycloak keycloak() {
    if (keycloak == null) {
      try {
        keycloak = LocalKeycloak.start(Files.createTempDirectory("rampart-keycloak-"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return keycloak;
  }

  /** The OpenBao server the operator uses. */
  public static synchronized LocalVault vault() {
    admin();
    if (vault == null) {
      vault = LocalVault.start(Servers.fromCache());
      setUpVault();
      try {
        operatorJwt = Files.createTempFile("rampart-jwt", ".token");
        operatorJwt.toFile().deleteOnExit(); // a credential: leave none behind
        Files.writeString(operatorJwt, TestVault.jwt(OPERATOR_NAMESPACE, OPERATOR_ROLE, List.of()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return vault;
  }

  /**
   * What an administrator sets up once for Rampart (README): kubernetes auth, Rampart's policy from
   * the chart, and Rampart's role. Again after a dev-mode OpenBao restart, which forgets all.
   */
  public static synchronized void setUpVault() {
    TestVault.configureKubernetesAuth(vault);
    VaultOnKubernetes.installRampart(
        vault,
        admin,
        repoRoot().resolve("helm/rampart/files/rampart-vault-policy.hcl"),
        OPERATOR_NAMESPACE,
        OPERATOR_ROLE);
  }

  public static LocalControlPlane controlPlane() {
    admin();
    return controlPlane;
  }

  /** The repository's top directory (Maven runs tests in the module directory). */
  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("helm"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root above the working dir");
    }
    return dir;
  }

  /** Runs the control plane's kubectl with the admin kubeconfig. */
  public static KubectlResult kubectl(String stdin, String... args) {
    List<String> command =
        Stream.concat(
                Stream.of(
                    Servers.fromCache().kubectl().toString(),
                    "--kubeconfig=" + controlPlane().kubeconfigFile()),
                Stream.of(args))
            .toList();
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl did not finish: " + command);
      }
      return new KubectlResult(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record KubectlResult(int exitCode, String output) {}

  private static synchronized void stopAll() {
    if (operator != null) {
      operator.close();
    }
    if (vault != null) {
      vault.close();
    }
    if (keycloak != null) {
      keycloak.close();
    }
    if (admin != null) {
      admin.close();
    }
    controlPlane.close();
  }
}
