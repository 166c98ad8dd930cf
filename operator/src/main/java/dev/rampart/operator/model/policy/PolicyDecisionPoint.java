package dev.rampart.operator.model.policy;

import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import dev.rampart.operator.model.RestrictedPods;
import dev.rampart.operator.model.TenantNamespaces;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's policy decision point: OPA serving the tenant's bundle, in the tenant's first
 * namespace, reachable from the tenant's namespaces alone. Its decision log goes to stdout as JSON,
 * with who asked and whose record it was hashed by the bundle's {@code system.log} mask. The pods
 * roll when the bundle's revision changes.
 */
public final class PolicyDecisionPoint {

  public static final String NAME = "rampart-pdp";
  public static final int PORT = 8181;

  /** Health and metrics, for probes and scraping; not on the Service. */
  public static final int DIAGNOSTIC_PORT = 8282;

  public static final String POLICY_DIR = "/policy";
  public static final String CONTAINER = "opa";
  private static final String APP = "app.kubernetes.io/name";
  private static final int READ_ONLY_MODE = 0440;

  /**
   * @param image the pinned OPA image
   * @param revision the bundle revision served
   * @param namespaces the tenant's namespaces, which alone may ask
   * @param region the tenant's data-residency region, if it has one
   */
  public record Spec(
      Tenant tenant,
      String namespace,
      String image,
      String revision,
      List<String> namespaces,
      java.util.Optional<String> region) {}

  private PolicyDecisionPoint() {}

  /** What the OPA container runs: the server on the mounted bundle, logging decisions. */
  public static List<String> args() {
    return List.of(
        "run",
        "--server",
        "--addr=0.0.0.0:" + PORT,
        "--diagnostic-addr=0.0.0.0:" + DIAGNOSTIC_PORT,
        "--log-format=json",
        "--set=decision_logs.console=true",
        "--bundle",
        POLICY_DIR);
  }

  public static Deployment deployment(Spec spec) {
    Map<String, String> labels = labels(spec.tenant());
    return new DeploymentBuilder()
        .withMetadata(metadata(spec))
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of(PolicyBundle.REVISION_ANNOTATION, spec.revision()))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(RestrictedPods.pod())
        .withAffinity(spec.region().map(RestrictedPods::inRegion).orElse(null))
        .addNewContainer()
        .withName(CONTAINER)
        .withImage(spec.image())
        .withArgs(args())
        .addNewPort()
        .withName("http")
        .withContainerPort(PORT)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("diagnostics")
        .withContainerPort(DIAGNOSTIC_PORT)
        .withProtocol("TCP")
        .endPort()
        .withSecurityContext(RestrictedPods.container())
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("64Mi")))
        .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")))
        .endResources()
        .withLivenessProbe(probe("/health", 10))
        // Ready once the bundle is loaded and activated.
        .withReadinessProbe(probe("/health?bundles", 5))
        .withVolumeMounts(bundleFiles())
        .endContainer()
        .addNewVolume()
        .withName("policy")
        .withNewConfigMap()
        .withName(PolicyBundle.OPA_CONFIG_MAP)
        .withDefaultMode(READ_ONLY_MODE)
        .endConfigMap()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Service service(Spec spec) {
    return new ServiceBuilder()
        .withMetadata(metadata(spec))
        .withNewSpec()
        .withSelector(labels(spec.tenant()))
        .addNewPort()
        .withName("http")
        .withPort(PORT)
        .withTargetPort(new IntOrString("http"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * Decisions for the tenant's own namespaces only; diagnostics (metrics) for scrapers anywhere, as
   * the billing gateway's; no egress at all, as OPA reads its bundle from a volume.
   */
  public static NetworkPolicy networkPolicy(Spec spec) {
    return new NetworkPolicyBuilder()
        .withMetadata(metadata(spec))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(labels(spec.tenant()))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .addNewFrom()
        .withNewNamespaceSelector()
        .addNewMatchExpression()
        .withKey(Labels.NAMESPACE_NAME)
        .withOperator("In")
        .withValues(spec.namespaces())
        .endMatchExpression()
        .endNamespaceSelector()
        .endFrom()
        .addNewPort()
        .withPort(new IntOrString(PORT))
        .withProtocol("TCP")
        .endPort()
        .endIngress()
        .addNewIngress()
        .addNewFrom()
        .withNewNamespaceSelector()
        .endNamespaceSelector()
        .endFrom()
        .addNewPort()
        .withPort(new IntOrString(DIAGNOSTIC_PORT))
        .withProtocol("TCP")
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }

  /** The URL the tenant's services ask, from any of its namespaces. */
  public static String url(String namespace) {
    return "http://" + NAME + "." + namespace + ".svc:" + PORT;
  }

  private static Map<String, String> labels(Tenant tenant) {
    return podLabels(tenant.getMetadata().getName());
  }

  /** The labels of the tenant's PDP pods (and its other objects). */
  public static Map<String, String> podLabels(String tenant) {
    Map<String, String> labels = new HashMap<>(PolicyLabels.of(tenant));
    labels.put(APP, NAME);
    return labels;
  }

  /** The namespace of the tenant's PDP (and bundle): its home namespace. */
  public static String namespace(Tenant tenant, List<String> owned) {
    return TenantNamespaces.home(tenant, owned);
  }

  private static ObjectMeta metadata(Spec spec) {
    return new ObjectMetaBuilder()
        .withName(NAME)
        .withNamespace(spec.namespace())
        .withLabels(labels(spec.tenant()))
        .withOwnerReferences(Owners.controller(spec.tenant()))
        .build();
  }

  /**
   * Each file of the bundle mounted on its own (subPath): OPA loads no file through a symlink, and
   * a ConfigMap volume is links into a hidden directory. Such files never change under a running
   * pod; a new revision rolls the pods instead.
   */
  private static List<VolumeMount> bundleFiles() {
    return PolicyBundle.OPA_FILES.stream()
        .map(
            file ->
                new VolumeMountBuilder()
                    .withName("policy")
                    .withMountPath(POLICY_DIR + "/" + file)
                    .withSubPath(file)
                    .withReadOnly(true)
                    .build())
        .toList();
  }

  private static Probe probe(String path, int periodSeconds) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("diagnostics"))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .build();
  }
}
