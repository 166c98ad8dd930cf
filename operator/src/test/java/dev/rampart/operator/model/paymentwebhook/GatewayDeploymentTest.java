package dev.rampart.operator.model.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.rampart.operator.api.paymentwebhook.GatewayResources;
import dev.rampart.operator.api.paymentwebhook.GatewayWorkload;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.State;
import dev.rampart.operator.model.paymentwebhook.SigningRotation.Version;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GatewayDeploymentTest {

  private static final PaymentWebhook WEBHOOK = Webhooks.stripe("team-a", "payments");

  private static Deployment deployment() {
    return GatewayDeployment.of(GatewayConfigTest.gateway(WEBHOOK, GatewayConfigTest.rotated()));
  }

  private static PodSpec pod() {
    return deployment().getSpec().getTemplate().getSpec();
  }

  private static Container container() {
    return pod().getContainers().get(0);
  }

  @Test
  void runsUnderPodSecurityRestricted() {
    assertThat(pod().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod().getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(pod().getAutomountServiceAccountToken()).isFalse();
    var security = container().getSecurityContext();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getPrivileged()).isNull();
  }

  @Test
  void runsOneReplicaWithDefaultResourcesUnlessTheWebhookSaysOtherwise() {
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(1);
    assertThat(container().getResources().getLimits())
        .containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("512Mi"));

    PaymentWebhook sized = Webhooks.stripe("team-a", "payments");
    GatewayWorkload workload = new GatewayWorkload();
    workload.setReplicas(3);
    GatewayResources resources = new GatewayResources();
    resources.setRequests(Map.of("cpu", new Quantity("2")));
    resources.setLimits(Map.of("cpu", new Quantity("4"), "memory", new Quantity("2Gi")));
    workload.setResources(resources);
    sized.getSpec().setGateway(workload);
    Deployment deployment =
        GatewayDeployment.of(GatewayConfigTest.gateway(sized, GatewayConfigTest.rotated()));

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    // As a whole: no default request is mixed in.
    ResourceRequirements applied =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    assertThat(applied.getRequests()).isEqualTo(Map.of("cpu", new Quantity("2")));
    assertThat(applied.getLimits())
        .isEqualTo(Map.of("cpu", new Quantity("4"), "memory", new Quantity("2Gi")));
  }

  @Test
  void hasRequestsLimitsAndProbesOnTheManagementPort() {
    assertThat(container().getResources().getRequests())
        .containsOnlyKeys("cpu", "memory")
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(container().getResources().getLimits()).containsOnlyKeys("cpu", "memory");
    assertThat(container().getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container().getLivenessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("management");
    assertThat(container().getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("webhooks=8080", "admin=8081", "management=9090");
  }

  @Test
  void mountsTheConfigAndGathersTheSecretsInOneDirectory() {
    assertThat(container().getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            tuple("BILLING_GATEWAY_CONFIG", "/etc/rampart/billing/config/gateway.json"),
            tuple("BILLING_GATEWAY_SECRETS_DIR", "/etc/rampart/billing/secrets"));
    Map<String, Volume> volumes =
        pod().getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertThat(volumes.get("config").getConfigMap().getName()).isEqualTo("payments-gateway");
    var sources = volumes.get("secrets").getProjected().getSources();
    assertThat(sources)
        .extracting(VolumeProjection::getSecret)
        .extracting(s -> s.getName())
        .containsExactly("payments-gateway", "ledger-db", "billing-admins");
    assertThat(sources.get(1).getSecret().getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath())
        .containsExactly("username->db-username", "password->db-password");
    assertThat(sources.get(2).getSecret().getItems())
        .extracting(i -> i.getKey() + "->" + i.getPath())
        .containsExactly("tokens->admin-tokens");
    assertThat(volumes.get("tmp").getEmptyDir()).isNotNull();
  }

  @Test
  void thePodTemplateCarriesAHashOfEveryInput() {
    String hash =
        GatewayDeployment.configHash(
            GatewayConfigTest.gateway(WEBHOOK, GatewayConfigTest.rotated()));
    assertThat(hash).matches("sha256:[0-9a-f]{64}");
    assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(GatewayDeployment.CONFIG_HASH, hash);
    State other = new State(new Version(4, "whsec_next"), Optional.empty());
    assertThat(GatewayDeployment.configHash(GatewayConfigTest.gateway(WEBHOOK, other)))
        .isNotEqualTo(hash);
    Gateway newPassword =
        new Gateway(
            WEBHOOK,
            "rampart/billing-gateway:1",
            GatewayConfigTest.rotated(),
            Optional.empty(),
            Optional.of("whsec_forward"),
            Optional.empty(),
            Map.of(
                GatewaySecrets.DB_USERNAME_FILE, "ledger", GatewaySecrets.DB_PASSWORD_FILE, "pw2"),
            Optional.empty(),
            Optional.empty());
    assertThat(GatewayDeployment.configHash(newPassword)).isNotEqualTo(hash);
  }

  @Test
  void selectsItsOwnPodsOnly() {
    assertThat(deployment().getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of(
                "app.kubernetes.io/name",
                "billing-gateway",
                "rampart.dev/payment-webhook",
                "payments"));
    assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment().getSpec().getSelector().getMatchLabels());
  }
}
