package dev.rampart.localcp;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Rampart installed on a cluster as its Helm chart installs it, except for the operator's own pod,
 * which runs elsewhere (in a test's JVM, a benchmark's process, {@code scripts/run.sh}): the CRDs,
 * then every object {@code helm template} renders from the chart but the Deployment, Service and
 * ServiceMonitor. The operator then runs as the chart's ServiceAccount, with exactly the chart's
 * RBAC, through the {@link OperatorIdentity} this returns.
 */
public final class ChartInstall {

  /** The release and namespace of the README's {@code helm install}; they name the account. */
  public static final String RELEASE = "rampart";

  public static final String NAMESPACE = "rampart-system";

  /** What runs and exposes the operator's pod. */
  private static final Set<String> POD_KINDS = Set.of("Deployment", "Service", "ServiceMonitor");

  /** Outlasts a test run or a benchmark, and a day of scripts/run.sh. */
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

  private ChartInstall() {}

  /**
   * Installs the CRDs of {@code crdDir} (every YAML file there) and the chart at {@code chart},
   * rendered by the {@code helm} binary, and returns the operator's identity.
   */
  public static OperatorIdentity install(
      KubernetesClient admin, Path helm, Path chart, Path crdDir) {
    installCrds(admin, crdFiles(crdDir));
    return OperatorIdentity.issue(admin, applyChart(admin, helm, chart), TOKEN_LIFETIME);
  }

  /** Applies the CRDs and waits until the API server serves them. */
  public static void installCrds(KubernetesClient admin, List<Path> files) {
    var crds = admin.apiextensions().v1().customResourceDefinitions();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinition crd = crds.load(in).item();
        admin.resource(crd).forceConflicts().serverSideApply();
        crds.withName(crd.getMetadata().getName())
            .waitUntilCondition(ChartInstall::established, 30, TimeUnit.SECONDS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Applies what the chart renders for this cluster's version, in {@link #NAMESPACE}, except the
   * operator's pod; returns the operator's ServiceAccount. CRDs are not rendered: see {@link
   * #installCrds}.
   */
  public static ServiceAccount applyChart(KubernetesClient admin, Path helm, Path chart) {
    admin
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    List<HasMetadata> objects =
        admin
            .load(
                new ByteArrayInputStream(
                    render(helm, chart, admin.getKubernetesVersion().getGitVersion())))
            .items()
            .stream()
            .filter(o -> !POD_KINDS.contains(o.getKind()))
            .toList();
    for (HasMetadata object : objects) {
      admin.resource(object).forceConflicts().serverSideApply();
    }
    List<ServiceAccount> accounts =
        objects.stream()
            .filter(ServiceAccount.class::isInstance)
            .map(ServiceAccount.class::cast)
            .toList();
    if (accounts.size() != 1) {
      throw new IllegalStateException(
          "the chart renders "
              + accounts.size()
              + " ServiceAccounts; the operator's should be one");
    }
    return accounts.getFirst();
  }

  private static List<Path> crdFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> crds =
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList();
      if (crds.isEmpty()) {
        throw new IllegalStateException("no CRDs in " + dir + ": build the operator first");
      }
      return crds;
    } catch (IOException e) {
      throw new UncheckedIOException("no CRDs in " + dir + ": build the operator first", e);
    }
  }

  /**
   * {@code helm template} for the cluster's version, which the chart's kubeVersion constraint
   * checks (helm's built-in default may be older than the chart accepts).
   */
  private static byte[] render(Path helm, Path chart, String kubernetesVersion) {
    try {
      Path stdout = Files.createTempFile("rampart-helm-", ".yaml");
      Path stderr = Files.createTempFile("rampart-helm-", ".err");
      try {
        Process process =
            new ProcessBuilder(
                    helm.toString(),
                    "template",
                    RELEASE,
                    chart.toString(),
                    "--namespace",
                    NAMESPACE,
                    "--kube-version",
                    kubernetesVersion)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new IllegalStateException("helm template " + chart + " did not finish in 1 min");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "helm template " + chart + " failed: " + Files.readString(stderr));
        }
        return Files.readAllBytes(stdout);
      } finally {
        Files.delete(stdout);
        Files.delete(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Installs the chart at the first argument (its own crds/ too) on the cluster of the current
   * kubeconfig and writes a kubeconfig for the operator's ServiceAccount to the second. Used by
   * {@code scripts/run.sh}.
   */
  private static void writeEnvironment(OperatorIdentity identity, Path file) {
    StringBuilder lines = new StringBuilder();
    identity
        .environment()
        .forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
    try {
      Files.writeString(file, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println(
          "usage: ChartInstall <chart-dir> <operator-kubeconfig-output>\n"
              + "  also writes <operator-kubeconfig-output>.env: the operator's settings about itself");
      System.exit(2);
    }
    Path chart = Path.of(args[0]);
    try (KubernetesClient admin =
        new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)).build()) {
      OperatorIdentity identity =
          install(admin, Servers.fromCache().helm(), chart, chart.resolve("crds"));
      identity.writeKubeconfig(Path.of(args[1]));
      writeEnvironment(identity, Path.of(args[1] + ".env"));
      System.out.println(
          "installed " + chart + "; the operator runs as " + identity.username() + ", " + args[1]);
    }
  }
}
