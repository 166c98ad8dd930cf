package dev.rampart.operator.model.paymentwebhook;

import dev.rampart.operator.api.paymentwebhook.GatewayWorkload;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.paymentwebhook.SecretKeyRef;
import dev.rampart.operator.model.RestrictedPods;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The gateway's Deployment, under Pod Security "restricted": non-root, read-only root filesystem,
 * no privilege escalation, no capabilities, the runtime's default seccomp profile, no
 * service-account token (it never calls the API server). Its pod template carries a hash of the
 * configuration and every secret file, so any change rolls the pods.
 */
public final class GatewayDeployment {

  public static final String CONFIG_HASH = "rampart.dev/config-hash";
  public static final String CONFIG_DIR = "/etc/rampart/billing/config";
  public static final String SECRETS_DIR = "/etc/rampart/billing/secrets";
  public static final String CONTAINER = "gateway";

  /** Owner and group may read; the group is the pod's fsGroup. */
  private static final int READ_ONLY_MODE = 0440;

  private GatewayDeployment() {}

  public static Deployment of(Gateway gateway) {
    PaymentWebhook webhook = gateway.webhook();
    return new DeploymentBuilder()
        .withMetadata(GatewayNames.metadata(webhook, GatewayNames.gateway(webhook)))
        .withNewSpec()
        .withReplicas(replicas(webhook))
        .withNewSelector()
        .withMatchLabels(GatewayNames.selector(webhook))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(GatewayNames.labels(webhook))
        .withAnnotations(Map.of(CONFIG_HASH, configHash(gateway)))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(RestrictedPods.pod())
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(gateway.image())
        .withPorts(
            port("webhooks", GatewayConfig.WEBHOOK_PORT),
            port("admin", GatewayConfig.ADMIN_PORT),
            port("management", GatewayConfig.MANAGEMENT_PORT))
        .withEnv(
            new EnvVar("BILLING_GATEWAY_CONFIG", CONFIG_DIR + "/" + GatewayConfig.FILE, null),
            new EnvVar("BILLING_GATEWAY_SECRETS_DIR", SECRETS_DIR, null),
            // The heap follows the container's memory limit.
            new EnvVar("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75", null))
        .withSecurityContext(RestrictedPods.container())
        .withResources(resources(webhook))
        .withLivenessProbe(probe("/healthz", 10))
        .withReadinessProbe(probe("/readyz", 5))
        .addNewVolumeMount()
        .withName("config")
        .withMountPath(CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("secrets")
        .withMountPath(SECRETS_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        // The root filesystem is read-only; the JVM still needs a writable /tmp.
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(GatewayNames.gateway(webhook))
        .withDefaultMode(READ_ONLY_MODE)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("secrets")
        .withNewProjected()
        .withDefaultMode(READ_ONLY_MODE)
        .withSources(secretSources(webhook))
        .endProjected()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static int replicas(PaymentWebhook webhook) {
    GatewayWorkload workload = webhook.getSpec().getGateway();
    return workload == null || workload.getReplicas() == null ? 1 : workload.getReplicas();
  }

  /** The PaymentWebhook's resources as a whole, or the default. */
  private static ResourceRequirements resources(PaymentWebhook webhook) {
    GatewayWorkload workload = webhook.getSpec().getGateway();
    if (workload != null && workload.getResources() != null) {
      return new ResourceRequirementsBuilder()
          .withRequests(workload.getResources().getRequests())
          .withLimits(workload.getResources().getLimits())
          .build();
    }
    return new ResourceRequirementsBuilder()
        .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")))
        .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("512Mi")))
        .build();
  }

  /**
   * SHA-256 over the configuration and every secret file, each length-prefixed. It always covers at
   * least one high-entropy secret (the signing secret), so it cannot be used to guess any of them.
   */
  public static String configHash(Gateway gateway) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, GatewayConfig.json(gateway));
      gateway
          .secretFiles()
          .forEach(
              (name, content) -> {
                update(digest, name);
                update(digest, content);
              });
      return "sha256:" + HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The gateway's own Secret, the ledger credentials and the admin tokens, as files. */
  private static List<VolumeProjection> secretSources(PaymentWebhook webhook) {
    List<VolumeProjection> sources = new ArrayList<>();
    sources.add(
        new VolumeProjectionBuilder()
            .withNewSecret()
            .withName(GatewayNames.gateway(webhook))
            .endSecret()
            .build());
    sources.add(
        new VolumeProjectionBuilder()
            .withNewSecret()
            .withName(webhook.getSpec().getLedger().getCredentialsSecret())
            .withItems(
                new KeyToPath("username", null, GatewaySecrets.DB_USERNAME_FILE),
                new KeyToPath("password", null, GatewaySecrets.DB_PASSWORD_FILE))
            .endSecret()
            .build());
    SecretKeyRef adminTokens = webhook.getSpec().getAdminTokens();
    if (adminTokens != null) {
      sources.add(
          new VolumeProjectionBuilder()
              .withNewSecret()
              .withName(adminTokens.getName())
              .withItems(
                  new KeyToPath(adminTokens.getKey(), null, GatewaySecrets.ADMIN_TOKENS_FILE))
              .endSecret()
              .build());
    }
    return sources;
  }

  private static ContainerPort port(String name, int number) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(number)
        .withProtocol("TCP")
        .build();
  }

  private static Probe probe(String path, int periodSeconds) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("management"))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .build();
  }

  private static void update(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
