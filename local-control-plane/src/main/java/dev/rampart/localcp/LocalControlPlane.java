package dev.rampart.localcp;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on loopback: etcd and kube-apiserver (through fabric8's
 * kube-api-test, offline) plus kube-controller-manager running the controllers that make deletion
 * real (garbage collector, namespace), that give namespaces their default service account, and that
 * fill the aggregated ClusterRoles (admin, edit, view).
 *
 * <p>The binaries come from {@code scripts/servers.sh build}; see {@link Servers}.
 */
public final class LocalControlPlane implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalControlPlane.class);

  /**
   * Deletion that cascades, namespaces that empty, default ServiceAccounts, and the aggregated
   * ClusterRoles (admin, edit, view) filled with their rules, as in any cluster.
   */
  private static final List<String> CONTROLLERS =
      List.of(
          "garbage-collector-controller",
          "namespace-controller",
          "serviceaccount-controller",
          "clusterrole-aggregation-controller");

  private final Path workDir;
  private final KubeAPIServer apiServer;
  private final Process controllerManager;
  private final Path kubeconfig;

  private LocalControlPlane(
      Path workDir, KubeAPIServer apiServer, Process controllerManager, Path kubeconfig) {
    this.workDir = workDir;
    this.apiServer = apiServer;
    this.controllerManager = controllerManager;
    this.kubeconfig = kubeconfig;
  }

  /** Starts etcd, kube-apiserver and kube-controller-manager and waits until they serve. */
  public static LocalControlPlane start(Servers servers) {
    try {
      Path workDir = Files.createTempDirectory("rampart-cp-");
      // kube-api-test also writes certificates into its test dir, so each control plane gets its
      // own dir that links to the shared, cached binaries.
      Path versionDir =
          workDir.resolve("k8s").resolve(servers.kubernetesVersion() + "-linux-amd64");
      Files.createDirectories(versionDir.getParent());
      Files.createSymbolicLink(versionDir, servers.kubernetesDir());

      KubeAPIServer apiServer =
          new KubeAPIServer(
              KubeAPIServerConfigBuilder.anAPIServerConfig()
                  .withTestDir(workDir.toString())
                  .withOfflineMode(true)
                  .withApiServerVersion(servers.kubernetesVersion())
                  .withUpdateKubeConfig(false)
                  .withStartupTimeout(120_000)
                  .build());
      apiServer.start();
      Path kubeconfig = workDir.resolve("kubeconfig");
      Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());

      Process controllerManager = startControllerManager(servers, workDir, kubeconfig);
      LocalControlPlane controlPlane =
          new LocalControlPlane(workDir, apiServer, controllerManager, kubeconfig);
      controlPlane.awaitControllerManagerHealthy();
      log.info("local control plane ready; kubeconfig {}", kubeconfig);
      return controlPlane;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the local control plane", e);
    }
  }

  private static Process startControllerManager(Servers servers, Path workDir, Path kubeconfig)
      throws IOException {
    Path logFile = workDir.resolve("kube-controller-manager.log");
    return new ProcessBuilder(
            servers.kubernetesDir().resolve("kube-controller-manager").toString(),
            "--kubeconfig=" + kubeconfig,
            "--authentication-kubeconfig=" + kubeconfig,
            "--authorization-kubeconfig=" + kubeconfig,
            "--controllers=" + String.join(",", CONTROLLERS),
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            "--secure-port=" + freePort(),
            "--cert-dir=" + workDir.resolve("kcm-certs"),
            // The GC and namespace controllers only act after informers sync; sync often in tests.
            "--min-resync-period=30s",
            "--concurrent-gc-syncs=5")
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile())
        .start();
  }

  /**
   * The controller manager is healthy once it has created the default service account in the
   * default namespace (the serviceaccount controller runs only after it is up and synced).
   */
  private void awaitControllerManagerHealthy() {
    try (KubernetesClient client = newClient()) {
      Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
      while (client.serviceAccounts().inNamespace("default").withName("default").get() == null) {
        if (!controllerManager.isAlive()) {
          throw new IllegalStateException(
              "kube-controller-manager exited; see "
                  + workDir.resolve("kube-controller-manager.log"));
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("kube-controller-manager did not become ready in 2 min");
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for kube-controller-manager", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Client configuration for a cluster administrator (the system:masters client certificate). */
  public Config adminConfig() {
    return Config.fromKubeconfig(kubeConfigYaml());
  }

  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(adminConfig()).build();
  }

  public String kubeConfigYaml() {
    return apiServer.getKubeConfigYaml();
  }

  public Path kubeconfigFile() {
    return kubeconfig;
  }

  @Override
  public void close() {
    controllerManager.destroy();
    try {
      controllerManager.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    apiServer.stop();
    deleteRecursively(workDir);
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }

  /**
   * Runs a control plane until the process is stopped; the kubeconfig goes to the path given as the
   * first argument, written last, once everything is ready. Used by {@code scripts/run.sh} when no
   * cluster is configured.
   *
   * <p>With {@code --services <policy-file> <dir>} it also runs an OpenBao dev server wired to the
   * control plane for Rampart (kubernetes auth, the policy, Rampart's role for the service account
   * {@code rampart} of {@code rampart-system}) and a Keycloak with Rampart's client ({@link
   * LocalKeycloak}), and writes into {@code dir}: {@code rampart.env} (Rampart's Vault and Keycloak
   * settings), {@code rampart.jwt} (that service account's token), {@code bao.env} (address and
   * root token) and {@code keycloak.env} (address and the bootstrap admin client), the last two for
   * a person trying things out.
   */
  public static void main(String[] args) throws Exception {
    boolean withServices = args.length == 4 && args[1].equals("--services");
    if (args.length != 1 && !withServices) {
      System.err.println(
          "usage: LocalControlPlane <kubeconfig-output-path> [--services <policy-file>"
              + " <output-dir>]");
      System.exit(2);
    }
    Servers servers = Servers.fromCache();
    LocalControlPlane controlPlane = start(servers);
    LocalVault vault = withServices ? LocalVault.start(servers) : null;
    LocalKeycloak keycloak =
        withServices ? LocalKeycloak.start(servers, Path.of(args[3]).resolve("keycloak")) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (vault != null) {
                    vault.close();
                  }
                  if (keycloak != null) {
                    keycloak.close();
                  }
                  controlPlane.close();
                  stopped.countDown();
                }));
    if (withServices) {
      wireServices(controlPlane, vault, keycloak, Path.of(args[2]), Path.of(args[3]));
    }
    Path target = Path.of(args[0]);
    Files.writeString(target, controlPlane.kubeConfigYaml());
    System.out.println("local control plane ready: KUBECONFIG=" + target);
    stopped.await();
  }

  private static void wireServices(
      LocalControlPlane controlPlane,
      LocalVault vault,
      LocalKeycloak keycloak,
      Path policyFile,
      Path outputDir)
      throws IOException {
    String namespace = "rampart-system";
    String serviceAccount = "rampart";
    try (KubernetesClient admin = controlPlane.newClient()) {
      VaultOnKubernetes.connect(vault, admin);
      VaultOnKubernetes.installRampart(vault, admin, policyFile, namespace, serviceAccount);
      Path jwt = outputDir.resolve("rampart.jwt");
      writePrivate(
          jwt,
          VaultOnKubernetes.jwt(admin, namespace, serviceAccount, List.of(), Duration.ofDays(1)));
      writePrivate(
          outputDir.resolve("rampart.env"),
          "RAMPART_VAULT_ADDR="
              + vault.address()
              + "\nRAMPART_VAULT_JWT_FILE="
              + jwt
              + "\nRAMPART_KEYCLOAK_URL="
              + keycloak.url()
              + "\nRAMPART_KEYCLOAK_CLIENT_ID="
              + keycloak.operatorClientId()
              + "\nRAMPART_KEYCLOAK_CLIENT_SECRET="
              + keycloak.operatorClientSecret()
              + "\n");
      writePrivate(
          outputDir.resolve("bao.env"),
          "BAO_ADDR=" + vault.address() + "\nBAO_TOKEN=" + vault.rootToken() + "\n");
      writePrivate(
          outputDir.resolve("keycloak.env"),
          "KEYCLOAK_URL="
              + keycloak.url()
              + "\nKEYCLOAK_ADMIN_CLIENT_ID="
              + keycloak.adminClientId()
              + "\nKEYCLOAK_ADMIN_CLIENT_SECRET="
              + keycloak.adminClientSecret()
              + "\n");
    }
  }

  /** Credentials: readable by this user only. */
  static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
  }
}
