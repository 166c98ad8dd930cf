package dev.rampart.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.localcp.Servers;
import dev.rampart.operator.model.tenant.OperatorAccessModel;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Helm chart, with the real helm binary: it lints, renders a restricted and least-privilege
 * operator, rejects bad values, and installs into a real API server.
 */
class HelmChartIT {

  private static final Path CHART = TestCluster.chart();
  private static final String RELEASE = "rampart";

  /**
   * The release this test installs: TestCluster installed release {@value #RELEASE}'s objects for
   * the operator the tests run, which Helm would refuse to take over.
   */
  private static final String INSTALLED_RELEASE = "rampart-helm-it";

  private static final String OPERATOR_ROLE = "rampart-operator";
  private static final String TENANT_OWNER_ROLE = "rampart-tenant-owner";
  private static final String DELETION_PROTECTION = "rampart-tenant-deletion-protection";

  /** Helm's cache, config and data dirs, so the test leaves the user's home alone. */
  @TempDir static Path helmHome;

  @Test
  void lintsCleanEvenWhenStrict() {
    for (String[] lint :
        List.of(
            new String[] {"lint", CHART.toString()},
            new String[] {"lint", "--strict", CHART.toString()})) {
      HelmResult result = helm(lint);
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).contains("0 chart(s) failed");
    }
  }

  @Test
  void deploymentMeetsPodSecurityRestricted() {
    Deployment deployment = rendered(Deployment.class, RELEASE);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(40L);
    assertThat(pod.getContainers()).hasSize(1);
    Container container = pod.getContainers().getFirst();
    assertThat(container.getImage())
        .isEqualTo("rampart/operator:0.1.0-SNAPSHOT"); // the tag scripts/image.sh builds
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts())
        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void deploymentProbesResourcesAndSettings() {
    Container container =
        rendered(Deployment.class, RELEASE)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http");
              assertThat(port.getContainerPort()).isEqualTo(8080);
            });
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getEnv())
        .filteredOn(env -> env.getValue() != null)
        .extracting(env -> env.getName() + "=" + env.getValue())
        .contains(
            "RAMPART_HTTP_PORT=8080",
            "RAMPART_LEADER_ELECTION=true",
            "RAMPART_RECONCILE_THREADS=10",
            "RAMPART_SHUTDOWN_GRACE_SECONDS=30",
            "RAMPART_LOG_LEVEL=INFO",
            "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75");
    assertThat(container.getEnv())
        .filteredOn(env -> env.getName().equals("RAMPART_LEASE_NAMESPACE"))
        .singleElement()
        .satisfies(
            env ->
                assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
  }

  @Test
  void operatorClusterRoleHasNoWildcardsNoSecretsAndBindsOnlyTheTenantRoles() {
    List<PolicyRule> rules = rendered(ClusterRole.class, OPERATOR_ROLE).getRules();
    assertThat(rules).isNotEmpty();
    for (PolicyRule rule : rules) {
      assertThat(
              Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                  .flatMap(List::stream))
          .as("rule %s", rule)
          .doesNotContain("*");
    }
    assertThat(rules)
        .filteredOn(rule -> rule.getVerbs().contains("bind"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getVerbs()).containsExactly("bind");
              assertThat(rule.getResources()).containsExactly("clusterroles");
              assertThat(rule.getResourceNames())
                  .containsExactlyInAnyOrder(TENANT_OWNER_ROLE, OperatorAccessModel.CLUSTER_ROLE);
            });
    // Secrets, tokens and workloads are Rampart's only where it binds the tenant-access role.
    assertThat(rules.stream().flatMap(rule -> rule.getResources().stream()))
        .doesNotContain(
            "secrets", "serviceaccounts/token", "deployments", "statefulsets", "daemonsets");
    assertThat(
            rendered(ClusterRole.class, OperatorAccessModel.CLUSTER_ROLE).getRules().stream()
                .flatMap(rule -> rule.getResources().stream()))
        .contains("secrets", "serviceaccounts/token", "deployments");
    assertThat(rendered(Role.class, "rampart-leader-election").getRules())
        .allSatisfy(rule -> assertThat(rule.getResources()).containsExactly("leases"));
    // In its own namespace Rampart reads one Secret (the status HMAC key) and may create it.
    assertThat(rendered(Role.class, "rampart-status-hmac-key").getRules())
        .allSatisfy(rule -> assertThat(rule.getResources()).containsExactly("secrets"))
        .allSatisfy(
            rule ->
                assertThat(
                        rule.getVerbs().equals(List.of("create"))
                            || rule.getResourceNames().equals(List.of("rampart-status-hmac-key")))
                    .as("rule %s", rule)
                    .isTrue());
  }

  @Test
  void everyOperatorRuleIsExplainedByAComment() throws IOException {
    for (String template :
        List.of("clusterrole.yaml", "leader-election-role.yaml", "status-hmac-key-role.yaml")) {
      List<String> lines = Files.readAllLines(CHART.resolve("templates").resolve(template));
      List<Integer> rules = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).trim().startsWith("- apiGroups:")) {
          rules.add(i);
        }
      }
      assertThat(rules).as(template).isNotEmpty();
      for (int rule : rules) {
        assertThat(lines.get(rule - 1).trim())
            .as("%s line %d needs a comment saying why the rule exists", template, rule + 1)
            .startsWith("#");
      }
    }
  }

  @Test
  void serviceMonitorIsOptional() {
    assertThat(render()).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
    assertThat(
            render("--set", "serviceMonitor.enabled=true", "--set", "serviceMonitor.interval=15s"))
        .filteredOn(o -> o.getKind().equals("ServiceMonitor"))
        .singleElement()
        .asInstanceOf(InstanceOfAssertFactories.type(GenericKubernetesResource.class))
        .satisfies(
            monitor -> {
              assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("http");
              assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");
              assertThat(monitor.<String>get("spec", "endpoints", 0, "interval")).isEqualTo("15s");
            });
  }

  @Test
  void vaultSettingsReachTheOperatorOnlyWhenVaultIsConfigured() {
    assertThat(
            rendered(Deployment.class, RELEASE)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .noneMatch(e -> e.getName().startsWith("RAMPART_VAULT_"));
    Deployment withVault =
        render(
                "--set",
                "vault.address=https://vault.vault:8200",
                "--set",
                "vault.caConfigMap=vault-ca")
            .stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    var container = withVault.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains(
            "RAMPART_VAULT_ADDR=https://vault.vault:8200",
            "RAMPART_VAULT_ROLE=rampart",
            "RAMPART_VAULT_KEY_RETENTION_SECONDS=2592000",
            "RAMPART_VAULT_CACERT=/etc/rampart/vault-ca/ca.crt");
    assertThat(container.getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/etc/rampart/vault-ca") && m.getReadOnly());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "replicas=-1, /replicas",
    "replicas=many, /replicas",
    "reconcileThreads=0, /reconcileThreads",
    "logLevel=LOUD, /logLevel",
    "image.pullPolicy=Sometimes, /image/pullPolicy",
    "unknownValue=1, unknownValue",
    "vault.address=vault:8200, /vault/address",
    "vault.keyRetentionSeconds=-1, /vault/keyRetentionSeconds"
  })
  void schemaRejectsBadValues(String value, String field) {
    HelmResult result = helm(templateArgs("--set", value));
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("values don't meet the specifications", field);
  }

  @Test
  void installsIntoARealApiServer() {
    KubernetesClient client = TestCluster.admin();
    String namespace = Tenants.uniqueName("helm");
    String kubeconfig = TestCluster.controlPlane().kubeconfigFile().toString();
    // The policies have fixed names, whatever the release; Helm refuses to take over objects it
    // did not create, so they make way for the release and come back afterwards.
    deleteClusterPolicies(client);
    try {
      HelmResult install =
          helm(
              "install",
              INSTALLED_RELEASE,
              CHART.toString(),
              "--namespace",
              namespace,
              "--create-namespace",
              "--kubeconfig",
              kubeconfig,
              "--wait=false");
      assertThat(install.exitCode()).as(install.output()).isZero();

      assertThat(
              client.apps().deployments().inNamespace(namespace).withName(INSTALLED_RELEASE).get())
          .isNotNull();
      assertThat(client.serviceAccounts().inNamespace(namespace).withName(INSTALLED_RELEASE).get())
          .isNotNull();
      assertThat(client.services().inNamespace(namespace).withName(INSTALLED_RELEASE).get())
          .isNotNull();
      var rbac = client.rbac();
      String operatorRole = INSTALLED_RELEASE + "-operator";
      String leaderElection = INSTALLED_RELEASE + "-leader-election";
      assertThat(rbac.clusterRoles().withName(operatorRole).get()).isNotNull();
      assertThat(rbac.clusterRoles().withName(TENANT_OWNER_ROLE).get()).isNotNull();
      assertThat(rbac.clusterRoles().withName(OperatorAccessModel.CLUSTER_ROLE).get()).isNotNull();
      assertThat(rbac.clusterRoleBindings().withName(operatorRole).get()).isNotNull();
      assertThat(rbac.roles().inNamespace(namespace).withName(leaderElection).get()).isNotNull();
      assertThat(rbac.roleBindings().inNamespace(namespace).withName(leaderElection).get())
          .isNotNull();
      var admission = client.admissionRegistration().v1();
      assertThat(admission.validatingAdmissionPolicies().withName(DELETION_PROTECTION).get())
          .isNotNull();

      HelmResult uninstall =
          helm(
              "uninstall", INSTALLED_RELEASE, "--namespace", namespace, "--kubeconfig", kubeconfig);
      assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
      assertThat(rbac.clusterRoles().withName(operatorRole).get()).isNull();
    } finally {
      // Needed only when an assertion above failed before the uninstall.
      helm(
          "uninstall",
          INSTALLED_RELEASE,
          "--namespace",
          namespace,
          "--kubeconfig",
          kubeconfig,
          "--ignore-not-found");
      client.namespaces().withName(namespace).delete();
      TestCluster.reapplyChart();
    }
  }

  /**
   * Deletes the chart's cluster-scoped objects whose names do not depend on the release: every
   * ClusterRole but the operator's, and the admission policies with their bindings.
   */
  private static void deleteClusterPolicies(KubernetesClient client) {
    render().stream()
        .filter(
            o ->
                o instanceof ClusterRole && !o.getMetadata().getName().equals(OPERATOR_ROLE)
                    || o instanceof ValidatingAdmissionPolicy
                    || o instanceof ValidatingAdmissionPolicyBinding)
        .forEach(o -> client.resource(o).delete());
  }

  private static <T extends HasMetadata> T rendered(Class<T> type, String name) {
    return render().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static List<HasMetadata> render(String... extraArgs) {
    HelmResult result = helm(templateArgs(extraArgs));
    assertThat(result.exitCode()).as(result.output()).isZero();
    // Several YAML documents parse to a list.
    return new KubernetesSerialization().unmarshal(result.stdout());
  }

  /**
   * {@code helm template} for the cluster version the tests run, which the chart's kubeVersion
   * constraint accepts (helm's built-in default may be older).
   */
  private static String[] templateArgs(String... extraArgs) {
    return Stream.concat(
            Stream.of(
                "template",
                RELEASE,
                CHART.toString(),
                "--namespace",
                "rampart-system",
                "--kube-version",
                Servers.fromCache().kubernetesVersion()),
            Stream.of(extraArgs))
        .toArray(String[]::new);
  }

  /** Helm prints warnings on stderr, which must not end up in rendered YAML. */
  private record HelmResult(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  private static HelmResult helm(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Servers.fromCache().helm().toString());
    command.addAll(List.of(args));
    try {
      Path stdout = Files.createTempFile(helmHome, "helm-", ".out");
      Path stderr = Files.createTempFile(helmHome, "helm-", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      Map<String, String> env = builder.environment();
      env.put("HELM_CACHE_HOME", helmHome.resolve("cache").toString());
      env.put("HELM_CONFIG_HOME", helmHome.resolve("config").toString());
      env.put("HELM_DATA_HOME", helmHome.resolve("data").toString());
      env.remove("KUBECONFIG");
      Process process = builder.start();
      if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("helm did not finish in 2 min: " + command);
      }
      return new HelmResult(
          process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
