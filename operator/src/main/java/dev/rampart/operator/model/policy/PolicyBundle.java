package dev.rampart.operator.model.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's compiled policy as files: the OPA bundle (the library's Rego and decision-log mask,
 * the tenant's data and a manifest) and the Cedar policy set (the library, the roles' permits and
 * the schema), both named by one revision, a digest of what they say. The same policy always gives
 * the same files and revision, so an unchanged tenant is never rewritten.
 */
public record PolicyBundle(
    Map<String, String> opaFiles, Map<String, String> cedarFiles, String revision) {

  /** The OPA bundle's ConfigMap: its keys are the bundle's files, mounted as a directory. */
  public static final String OPA_CONFIG_MAP = "rampart-policy";

  public static final String CEDAR_CONFIG_MAP = "rampart-policy-cedar";

  /** Set on both ConfigMaps: the revision their files make. */
  public static final String REVISION_ANNOTATION = "rampart.dev/bundle-revision";

  public static final String REGO_FILE = "authz.rego";
  public static final String LOG_MASK_FILE = "log.rego";
  public static final String DATA_FILE = "data.json";
  public static final String MANIFEST_FILE = ".manifest";

  /** The OPA bundle's files, what its ConfigMap holds. */
  public static final List<String> OPA_FILES =
      List.of(REGO_FILE, LOG_MASK_FILE, DATA_FILE, MANIFEST_FILE);

  public static final String CEDAR_POLICIES_FILE = "rampart.cedar";
  public static final String CEDAR_SCHEMA_FILE = "rampart.cedarschema";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public PolicyBundle {
    opaFiles = Map.copyOf(opaFiles);
    cedarFiles = Map.copyOf(cedarFiles);
  }

  public static PolicyBundle of(PolicyLibrary library, TenantPolicy policy) {
    String data = json(Map.of("rampart", PolicyData.rampart(policy)));
    String cedar = library.cedar() + "\n" + CedarPolicies.of(policy);
    return of(library.rego(), library.logMask(), data, cedar, library.cedarSchema());
  }

  private static PolicyBundle of(
      String rego, String logMask, String data, String cedar, String cedarSchema) {
    String revision = digest(List.of(rego, logMask, data, cedar, cedarSchema)).substring(0, 16);
    return new PolicyBundle(
        Map.of(
            REGO_FILE,
            rego,
            LOG_MASK_FILE,
            logMask,
            DATA_FILE,
            data,
            MANIFEST_FILE,
            json(Map.of("revision", revision, "roots", List.of("rampart", "system/log")))),
        Map.of(CEDAR_POLICIES_FILE, cedar, CEDAR_SCHEMA_FILE, cedarSchema),
        revision);
  }

  /**
   * The bundle two ConfigMaps Rampart wrote hold, if their files are still what their revision
   * names: one edited since (by hand, or half-written) is not a bundle to keep serving.
   */
  public static Optional<PolicyBundle> fromConfigMaps(ConfigMap opa, ConfigMap cedar) {
    Map<String, String> opaFiles = Optional.ofNullable(opa.getData()).orElse(Map.of());
    Map<String, String> cedarFiles = Optional.ofNullable(cedar.getData()).orElse(Map.of());
    if (!opaFiles.containsKey(REGO_FILE)
        || !opaFiles.containsKey(LOG_MASK_FILE)
        || !opaFiles.containsKey(DATA_FILE)
        || !cedarFiles.containsKey(CEDAR_POLICIES_FILE)
        || !cedarFiles.containsKey(CEDAR_SCHEMA_FILE)) {
      return Optional.empty();
    }
    PolicyBundle bundle =
        of(
            opaFiles.get(REGO_FILE),
            opaFiles.get(LOG_MASK_FILE),
            opaFiles.get(DATA_FILE),
            cedarFiles.get(CEDAR_POLICIES_FILE),
            cedarFiles.get(CEDAR_SCHEMA_FILE));
    boolean intact =
        bundle.opaFiles().equals(opaFiles)
            && bundle.cedarFiles().equals(cedarFiles)
            && revisionOf(opa).equals(Optional.of(bundle.revision()))
            && revisionOf(cedar).equals(Optional.of(bundle.revision()));
    return intact ? Optional.of(bundle) : Optional.empty();
  }

  /** Both ConfigMaps, in the tenant's policy namespace, owned by the Tenant. */
  public List<ConfigMap> configMaps(HasMetadata tenant, String namespace) {
    return List.of(
        configMap(tenant, namespace, OPA_CONFIG_MAP, opaFiles),
        configMap(tenant, namespace, CEDAR_CONFIG_MAP, cedarFiles));
  }

  /** The revision a ConfigMap of a bundle was written with. */
  public static Optional<String> revisionOf(ConfigMap configMap) {
    return Optional.ofNullable(configMap.getMetadata().getAnnotations())
        .map(annotations -> annotations.get(REVISION_ANNOTATION));
  }

  private ConfigMap configMap(
      HasMetadata tenant, String namespace, String name, Map<String, String> files) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(PolicyLabels.of(tenant.getMetadata().getName()))
        .withAnnotations(Map.of(REVISION_ANNOTATION, revision))
        .withOwnerReferences(Owners.controller(tenant))
        .endMetadata()
        .withData(new TreeMap<>(files))
        .build();
  }

  private static String json(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("policy data is always JSON", e);
    }
  }

  private static String digest(List<String> parts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so moving text from one file to the next changes the digest.
        sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        sha256.update(bytes);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
