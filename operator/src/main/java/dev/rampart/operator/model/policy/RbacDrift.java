package dev.rampart.operator.model.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rampart.operator.model.Labels;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Permission drift: RoleBindings in a tenant's namespaces that Rampart did not write and that grant
 * more than a tenant owner holds (someone bound {@code admin} to a user, say), and the bounded
 * report of them, shaped like an OpenReports/wg-policy PolicyReport.
 */
public final class RbacDrift {

  public static final String REPORT = "rampart-rbac-drift";
  public static final String REPORT_FILE = "report.json";

  /** At most this many results in the report; its summary still counts them all. */
  public static final int REPORT_CAP = 50;

  private static final int LISTED = 5;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private RbacDrift() {}

  /** A RoleBinding and the rules of the role it binds (empty when that role does not exist). */
  public record Grant(RoleBinding binding, List<PolicyRule> rules) {}

  /** A binding that grants beyond the owner role, and what. */
  public record Drift(RoleBinding binding, List<String> beyond) {

    public String key() {
      return binding.getMetadata().getNamespace() + "/" + binding.getMetadata().getName();
    }

    public String message() {
      String subjects =
          Optional.ofNullable(binding.getSubjects()).orElse(List.of()).stream()
              .map(RbacDrift::subject)
              .collect(Collectors.joining(", "));
      return "RoleBinding "
          + key()
          + " binds "
          + binding.getRoleRef().getKind()
          + " "
          + binding.getRoleRef().getName()
          + " to "
          + (subjects.isEmpty() ? "nobody" : subjects)
          + ", granting more than a tenant owner holds: "
          + beyond.stream().limit(LISTED).collect(Collectors.joining(", "))
          + (beyond.size() > LISTED ? " and " + (beyond.size() - LISTED) + " more" : "");
    }
  }

  /** The bindings among {@code grants} Rampart did not write that grant beyond {@code owner}. */
  public static List<Drift> find(List<Grant> grants, List<PolicyRule> owner) {
    List<Drift> drift = new ArrayList<>();
    for (Grant grant : grants) {
      if (isRamparts(grant.binding())) {
        continue;
      }
      List<String> beyond = RbacCoverage.beyond(grant.rules(), owner);
      if (!beyond.isEmpty()) {
        drift.add(new Drift(grant.binding(), beyond));
      }
    }
    drift.sort(Comparator.comparing(Drift::key));
    return drift;
  }

  /** Whether Rampart wrote the binding (for a Tenant or one of its TenantRoles). */
  public static boolean isRamparts(RoleBinding binding) {
    Map<String, String> labels = binding.getMetadata().getLabels();
    return labels != null && Labels.MANAGED_BY_RAMPART.equals(labels.get(Labels.MANAGED_BY));
  }

  /** The tenant's drift report, in its first namespace; none while nothing drifts. */
  public static List<ConfigMap> report(HasMetadata tenant, String namespace, List<Drift> drift) {
    if (drift.isEmpty()) {
      return List.of();
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (Drift found : drift.subList(0, Math.min(drift.size(), REPORT_CAP))) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("policy", REPORT);
      result.put("rule", "grants-within-tenant-owner");
      result.put("result", "fail");
      result.put("severity", "high");
      result.put("message", found.message());
      result.put(
          "resources",
          List.of(
              Map.of(
                  "apiVersion",
                  "rbac.authorization.k8s.io/v1",
                  "kind",
                  "RoleBinding",
                  "namespace",
                  found.binding().getMetadata().getNamespace(),
                  "name",
                  found.binding().getMetadata().getName())));
      results.add(result);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("apiVersion", "wgpolicyk8s.io/v1alpha2");
    report.put("kind", "PolicyReport");
    report.put(
        "summary", Map.of("fail", drift.size(), "pass", 0, "warn", 0, "error", 0, "skip", 0));
    report.put("results", results);
    report.put("truncated", drift.size() > REPORT_CAP);
    String json;
    try {
      json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report is always JSON", e);
    }
    return List.of(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(REPORT)
            .withNamespace(namespace)
            .withLabels(PolicyLabels.of(tenant.getMetadata().getName()))
            .withOwnerReferences(Owners.controller(tenant))
            .endMetadata()
            .withData(Map.of(REPORT_FILE, json))
            .build());
  }

  private static String subject(Subject subject) {
    return subject.getKind()
        + " "
        + (subject.getNamespace() == null ? "" : subject.getNamespace() + "/")
        + subject.getName();
  }
}
