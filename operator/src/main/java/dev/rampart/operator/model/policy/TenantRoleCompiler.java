package dev.rampart.operator.model.policy;

import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.api.tenantrole.AgentSubject;
import dev.rampart.operator.api.tenantrole.AttributeConditions;
import dev.rampart.operator.api.tenantrole.RoleTest;
import dev.rampart.operator.api.tenantrole.ServiceAccountSubject;
import dev.rampart.operator.api.tenantrole.Subjects;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.api.tenantrole.TestContext;
import dev.rampart.operator.api.tenantrole.TestPrincipal;
import dev.rampart.operator.api.tenantrole.TestResource;
import dev.rampart.operator.model.policy.PolicyRole.Conditions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compiles the TenantRoles of one tenant into its {@link TenantPolicy} and the requests of their
 * tests, and finds what only Rampart can judge of them (the schema checks the rest): a name two
 * roles share, a sensitivity above the tenant's, a subject outside the tenant, a test naming a role
 * the tenant lacks. The same code runs in the operator and in the {@code rampart} CLI.
 */
public final class TenantRoleCompiler {

  /**
   * @param invalid namespace/name of each invalid role → why
   */
  public record Compiled(TenantPolicy policy, List<RoleCase> cases, Map<String, String> invalid) {}

  /** What a compilation is for. */
  public record Tenant(String name, DataClassification classification, Set<String> namespaces) {}

  private TenantRoleCompiler() {}

  public static String key(TenantRole role) {
    return role.getMetadata().getNamespace() + "/" + role.getMetadata().getName();
  }

  public static Compiled compile(Tenant tenant, List<TenantRole> declared) {
    List<TenantRole> roles = new ArrayList<>(declared);
    // The oldest keeps a name two namespaces' roles share, as it was served first.
    roles.sort(
        Comparator.comparing(
                (TenantRole role) ->
                    Optional.ofNullable(role.getMetadata().getCreationTimestamp()).orElse(""))
            .thenComparing(TenantRoleCompiler::key));
    Map<String, String> invalid = new TreeMap<>();
    Map<String, TenantRole> byName = new LinkedHashMap<>();
    for (TenantRole role : roles) {
      String name = role.getMetadata().getName();
      TenantRole holder = byName.putIfAbsent(name, role);
      if (holder != null) {
        invalid.put(
            key(role),
            "the role name "
                + name
                + " is already TenantRole "
                + key(holder)
                + "'s in tenant "
                + tenant.name()
                + "; a tenant's roles need distinct names");
      }
    }
    List<PolicyRole> policyRoles = new ArrayList<>();
    Map<String, Set<String>> users = new TreeMap<>();
    Map<String, Set<String>> groups = new TreeMap<>();
    Map<String, Set<String>> agents = new TreeMap<>();
    List<RoleCase> cases = new ArrayList<>();
    for (TenantRole role : byName.values()) {
      Optional<String> problem = problem(tenant, role, byName.keySet());
      if (problem.isPresent()) {
        invalid.put(key(role), problem.get());
        continue;
      }
      String name = role.getMetadata().getName();
      policyRoles.add(policyRole(role));
      Subjects subjects = role.getSpec().getSubjects();
      if (subjects != null) {
        bind(users, orEmpty(subjects.getUsers()), name);
        bind(groups, orEmpty(subjects.getGroups()), name);
        for (AgentSubject agent : orEmpty(subjects.getAgents())) {
          agents.computeIfAbsent(agent.getId(), id -> new TreeSet<>()).addAll(agent.getScopes());
        }
      }
      for (RoleTest test : orEmpty(role.getSpec().getTests())) {
        cases.add(new RoleCase(key(role), test, input(tenant.name(), name, test)));
      }
    }
    return new Compiled(
        new TenantPolicy(tenant.name(), policyRoles, users, groups, agents), cases, invalid);
  }

  private static Optional<String> problem(Tenant tenant, TenantRole role, Set<String> names) {
    for (var permission : role.getSpec().getPermissions()) {
      AttributeConditions conditions = permission.getConditions();
      if (conditions != null
          && conditions.getMaxSensitivity() != null
          && conditions.getMaxSensitivity().compareTo(tenant.classification()) > 0) {
        return Optional.of(
            "permission on "
                + permission.getResource()
                + " allows sensitivity "
                + conditions.getMaxSensitivity().label()
                + ", above tenant "
                + tenant.name()
                + "'s dataClassification "
                + tenant.classification().label());
      }
    }
    Subjects subjects = role.getSpec().getSubjects();
    if (subjects != null) {
      Set<String> permitted = new TreeSet<>();
      role.getSpec()
          .getPermissions()
          .forEach(
              p -> p.getActions().forEach(a -> permitted.add(p.getResource() + ":" + a.label())));
      for (AgentSubject agent : orEmpty(subjects.getAgents())) {
        for (String scope : agent.getScopes()) {
          if (!permitted.contains(scope)) {
            return Optional.of(
                "agent "
                    + agent.getId()
                    + " has scope "
                    + scope
                    + ", which this role does not permit: an agent gets at most what the role"
                    + " gives the user it acts for");
          }
        }
      }
      for (ServiceAccountSubject account : orEmpty(subjects.getServiceAccounts())) {
        if (!tenant.namespaces().contains(account.getNamespace())) {
          return Optional.of(
              "subject ServiceAccount "
                  + account.getNamespace()
                  + "/"
                  + account.getName()
                  + " is not in a namespace of tenant "
                  + tenant.name());
        }
      }
    }
    for (RoleTest test : orEmpty(role.getSpec().getTests())) {
      for (String named : orEmpty(test.getPrincipal().getRoles())) {
        if (!names.contains(named)) {
          return Optional.of(
              "test "
                  + test.getName()
                  + " names role "
                  + named
                  + ", which no TenantRole of tenant "
                  + tenant.name()
                  + " defines");
        }
      }
    }
    return Optional.empty();
  }

  private static PolicyRole policyRole(TenantRole role) {
    return new PolicyRole(
        role.getMetadata().getName(),
        role.getSpec().isRequireMfa(),
        role.getSpec().getPermissions().stream()
            .map(
                permission ->
                    new PolicyRole.Permission(
                        permission.getResource(),
                        permission.getActions().stream().map(a -> a.label()).toList(),
                        conditions(permission.getConditions())))
            .toList());
  }

  private static Conditions conditions(AttributeConditions conditions) {
    if (conditions == null) {
      return Conditions.NONE;
    }
    return new Conditions(
        conditions.isSameDepartment(),
        Optional.ofNullable(conditions.getRegions()),
        Optional.ofNullable(conditions.getMaxSensitivity()),
        conditions.isOwnerOnly());
  }

  /** A test as a request: what it leaves out is the role's tenant, this role, or nothing. */
  private static PolicyInput input(String tenant, String role, RoleTest test) {
    TestPrincipal who = test.getPrincipal();
    TestResource what = test.getResource();
    TestContext context = Optional.ofNullable(test.getContext()).orElseGet(TestContext::new);
    return new PolicyInput(
        new PolicyInput.Principal(
            who.getId(),
            orDefault(who.getTenant(), tenant),
            who.getRoles() == null ? List.of(role) : who.getRoles(),
            orEmpty(who.getGroups()),
            orDefault(who.getDepartment(), ""),
            orDefault(who.getRegion(), "")),
        test.getAction().label(),
        new PolicyInput.Resource(
            orDefault(what.getTenant(), tenant),
            what.getType(),
            orDefault(what.getOwner(), ""),
            orDefault(what.getDepartment(), ""),
            orDefault(what.getRegion(), ""),
            Optional.ofNullable(what.getSensitivity()).orElse(DataClassification.INTERNAL)),
        orEmpty(context.getAmr()),
        orDefault(context.getAcr(), ""),
        Optional.ofNullable(context.getAgent())
            .map(agent -> new PolicyInput.Agent(agent.getId(), agent.getScopes())));
  }

  private static void bind(Map<String, Set<String>> bindings, List<String> subjects, String role) {
    subjects.forEach(subject -> bindings.computeIfAbsent(subject, s -> new TreeSet<>()).add(role));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String orDefault(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
