package dev.rampart.operator.model.policy;

import dev.rampart.operator.api.tenantrole.KubernetesRule;
import dev.rampart.operator.api.tenantrole.ServiceAccountSubject;
import dev.rampart.operator.api.tenantrole.Subjects;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.model.Owners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A TenantRole's Kubernetes rules as a Role and a RoleBinding to its subjects, both named {@code
 * rampart-role-<name>} in the TenantRole's namespace, and the check that they grant nothing a
 * tenant owner does not hold (the schema already refuses escalate, bind, impersonate and '*').
 */
public final class TenantRoleRbac {

  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  private static final String PREFIX = "rampart-role-";

  private TenantRoleRbac() {}

  public static String name(TenantRole role) {
    return PREFIX + role.getMetadata().getName();
  }

  public static boolean hasRules(TenantRole role) {
    return !rules(role).isEmpty();
  }

  public static Role role(HasMetadata tenant, TenantRole role) {
    return new RoleBuilder()
        .withMetadata(metadata(tenant, role))
        .withRules(rules(role).stream().map(TenantRoleRbac::policyRule).toList())
        .build();
  }

  /** The binding to the role's subjects; none for a role nobody holds in Kubernetes. */
  public static Optional<RoleBinding> binding(HasMetadata tenant, TenantRole role) {
    List<Subject> subjects = subjects(role.getSpec().getSubjects());
    if (subjects.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RoleBindingBuilder()
            .withMetadata(metadata(tenant, role))
            .withNewRoleRef()
            .withApiGroup(RBAC_GROUP)
            .withKind("Role")
            .withName(name(role))
            .endRoleRef()
            .withSubjects(subjects)
            .build());
  }

  /** What the role's rules grant that {@code ownerRules} (the tenant owner's) do not. */
  public static List<String> beyond(TenantRole role, List<PolicyRule> ownerRules) {
    return RbacCoverage.beyond(
        rules(role).stream().map(TenantRoleRbac::policyRule).toList(), ownerRules);
  }

  private static List<KubernetesRule> rules(TenantRole role) {
    return role.getSpec().getKubernetesRules() == null
        ? List.of()
        : role.getSpec().getKubernetesRules();
  }

  private static PolicyRule policyRule(KubernetesRule rule) {
    return new PolicyRuleBuilder()
        .withApiGroups(rule.getApiGroups())
        .withResources(rule.getResources())
        .withVerbs(rule.getVerbs())
        .withResourceNames(rule.getResourceNames())
        .build();
  }

  private static List<Subject> subjects(Subjects subjects) {
    List<Subject> all = new ArrayList<>();
    if (subjects == null) {
      return all;
    }
    for (String user : orEmpty(subjects.getUsers())) {
      all.add(
          new SubjectBuilder().withKind("User").withApiGroup(RBAC_GROUP).withName(user).build());
    }
    for (String group : orEmpty(subjects.getGroups())) {
      all.add(
          new SubjectBuilder().withKind("Group").withApiGroup(RBAC_GROUP).withName(group).build());
    }
    for (ServiceAccountSubject account : orEmpty(subjects.getServiceAccounts())) {
      all.add(
          new SubjectBuilder()
              .withKind("ServiceAccount")
              .withNamespace(account.getNamespace())
              .withName(account.getName())
              .build());
    }
    return all;
  }

  private static ObjectMeta metadata(HasMetadata tenant, TenantRole role) {
    return new ObjectMetaBuilder()
        .withName(name(role))
        .withNamespace(role.getMetadata().getNamespace())
        .withLabels(PolicyLabels.of(tenant.getMetadata().getName(), role.getMetadata().getName()))
        .withOwnerReferences(Owners.controller(tenant))
        .build();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
