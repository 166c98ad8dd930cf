package dev.rampart.operator.model.policy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Whether RBAC rules grant more than others do, permission by permission. */
public final class RbacCoverage {

  private RbacCoverage() {}

  /**
   * What {@code granted} grants that {@code allowed} does not, as {@code verb resource[.group]}
   * ({@code /name} for a rule limited to names); empty when nothing. A wildcard granted is beyond
   * unless a wildcard is allowed.
   */
  public static List<String> beyond(List<PolicyRule> granted, List<PolicyRule> allowed) {
    List<String> beyond = new ArrayList<>();
    for (PolicyRule rule : granted) {
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        // Only a ClusterRole bound cluster-wide grants these; a RoleBinding never does.
        continue;
      }
      List<String> names =
          rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
              ? Arrays.asList((String) null)
              : rule.getResourceNames();
      for (String group : orEmpty(rule.getApiGroups())) {
        for (String resource : orEmpty(rule.getResources())) {
          for (String verb : orEmpty(rule.getVerbs())) {
            for (String name : names) {
              if (allowed.stream().noneMatch(a -> covers(a, group, resource, verb, name))) {
                beyond.add(
                    verb
                        + " "
                        + resource
                        + (group.isEmpty() ? "" : "." + group)
                        + (name == null ? "" : "/" + name));
              }
            }
          }
        }
      }
    }
    return beyond;
  }

  private static boolean covers(
      PolicyRule allowed, String group, String resource, String verb, String name) {
    return matches(allowed.getApiGroups(), group)
        && matches(allowed.getResources(), resource)
        && matches(allowed.getVerbs(), verb)
        && (allowed.getResourceNames() == null
            || allowed.getResourceNames().isEmpty()
            || (name != null && allowed.getResourceNames().contains(name)));
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
