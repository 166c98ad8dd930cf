package dev.rampart.cli.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rampart.operator.api.paymentwebhook.PaymentWebhook;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.api.vaultsecret.VaultSecret;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Rampart kind's CustomResourceDefinition as the operator's build generated it: whether it is
 * namespaced, and the schema of its served version.
 */
public record Crd(String kind, boolean namespaced, Schema schema) {

  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(Tenant.class, TenantRole.class, VaultSecret.class, PaymentWebhook.class);

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * Rampart's CRDs by kind, from the operator jar's {@code META-INF/fabric8/}: the CRDs of the very
   * classes this CLI was built with.
   */
  public static Map<String, Crd> rampart() {
    Map<String, Crd> crds = new TreeMap<>();
    for (Class<? extends HasMetadata> type : KINDS) {
      Crd crd = load(type);
      crds.put(crd.kind(), crd);
    }
    return crds;
  }

  private static Crd load(Class<? extends HasMetadata> type) {
    String resource = "META-INF/fabric8/" + HasMetadata.getFullResourceName(type) + "-v1.yml";
    try (InputStream in = Crd.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      JsonNode spec = YAML.readTree(in).path("spec");
      String version = HasMetadata.getVersion(type);
      for (JsonNode served : spec.path("versions")) {
        if (served.path("name").asText().equals(version)) {
          return new Crd(
              spec.path("names").path("kind").asText(),
              spec.path("scope").asText().equals("Namespaced"),
              new Schema(served.path("schema").path("openAPIV3Schema")));
        }
      }
      throw new IllegalStateException(resource + " has no version " + version);
    } catch (IOException e) {
      throw new UncheckedIOException(resource + " cannot be read", e);
    }
  }
}
