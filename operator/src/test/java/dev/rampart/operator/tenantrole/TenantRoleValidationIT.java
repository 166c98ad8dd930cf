package dev.rampart.operator.tenantrole;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.api.tenant.Tenant;
import dev.rampart.operator.api.tenantrole.Action;
import dev.rampart.operator.api.tenantrole.AgentSubject;
import dev.rampart.operator.api.tenantrole.AttributeConditions;
import dev.rampart.operator.api.tenantrole.KubernetesRule;
import dev.rampart.operator.api.tenantrole.Permission;
import dev.rampart.operator.api.tenantrole.RoleTest;
import dev.rampart.operator.api.tenantrole.Subjects;
import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.api.tenantrole.TenantRoleSpec;
import dev.rampart.operator.api.tenantrole.TestPrincipal;
import dev.rampart.operator.api.tenantrole.TestResource;
import dev.rampart.operator.testing.Tenants;
import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.testing.TestCluster.KubectlResult;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad TenantRoles are refused by the real API server with a message a person understands, and leave
 * nothing behind; good ones are accepted.
 */
class TenantRoleValidationIT {

  /**
   * A namespace labelled as a tenant's, as the placement policy wants (no Tenant owns it, so
   * nothing reconciles there: only the API server judges these roles).
   */
  private static final String NAMESPACE = Tenants.uniqueName("role-validation");

  private static final String NAME = "validation-role";

  private static final String PERMISSIONS =
      "  permissions: [{resource: invoice, actions: [read, list]}]\n";

  /** A test case that holds for {@link #PERMISSIONS}. */
  private static final String TEST =
      "{name: can-read, expect: allow, principal: {id: alice}, action: read,"
          + " resource: {type: invoice}}";

  /** The name of the TenantRole the current case created (or tried to), deleted after it. */
  private String created;

  private static String permissions(String... permissions) {
    return "  permissions: [" + String.join(", ", permissions) + "]\n";
  }

  private static String conditions(String conditions) {
    return permissions("{resource: invoice, actions: [read], conditions: " + conditions + "}");
  }

  private static String agentScopes(String scopes) {
    return PERMISSIONS + "  subjects: {agents: [{id: copilot, scopes: " + scopes + "}]}\n";
  }

  private static String kubernetesRule(String rule) {
    return PERMISSIONS + "  kubernetesRules: [" + rule + "]\n";
  }

  private static String tests(String... tests) {
    return PERMISSIONS + "  tests: [" + String.join(", ", tests) + "]\n";
  }

  /** {@link #TEST} with {@code field} set to {@code value}. */
  private static String test(String field, String value) {
    return TEST.replaceFirst(field + ": [^,}]+", field + ": " + value);
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of(
            "no permissions", "  description: nothing\n", "spec.permissions: Required value"),
        Arguments.of(
            "empty permissions",
            "  permissions: []\n",
            "spec.permissions in body should have at least 1 items"),
        Arguments.of(
            "no actions",
            permissions("{resource: invoice, actions: []}"),
            "spec.permissions[0].actions in body should have at least 1 items"),
        Arguments.of(
            "unknown action",
            permissions("{resource: invoice, actions: [read, share]}"),
            "spec.permissions[0].actions[1]: Unsupported value: \"share\": supported values:"
                + " \"approve\", \"create\", \"delete\", \"export\", \"list\", \"read\","
                + " \"update\""),
        Arguments.of(
            "duplicate action",
            permissions("{resource: invoice, actions: [read, list, read]}"),
            "an action is listed once per permission"),
        Arguments.of(
            "resource type with uppercase",
            permissions("{resource: Invoice, actions: [read]}"),
            "spec.permissions[0].resource in body should match '^[a-z][a-z0-9-]{0,62}$'"),
        Arguments.of(
            "resource type with a space",
            permissions("{resource: 'sales invoice', actions: [read]}"),
            "spec.permissions[0].resource in body should match '^[a-z][a-z0-9-]{0,62}$'"),
        Arguments.of(
            "empty conditions",
            conditions("{}"),
            "conditions restrict nothing as written: set sameDepartment, ownerOnly, regions or"
                + " maxSensitivity, or leave conditions out"),
        Arguments.of(
            "conditions all false",
            conditions("{sameDepartment: false, ownerOnly: false}"),
            "conditions restrict nothing as written"),
        Arguments.of(
            "duplicate region",
            conditions("{regions: [eu-west-1, us-east-1, eu-west-1]}"),
            "a region is listed once"),
        Arguments.of(
            "empty regions",
            conditions("{regions: []}"),
            "spec.permissions[0].conditions.regions in body should have at least 1 items"),
        Arguments.of(
            "unknown maxSensitivity",
            conditions("{maxSensitivity: secret}"),
            "Unsupported value: \"secret\": supported values: \"confidential\", \"internal\","
                + " \"public\", \"restricted\""),
        Arguments.of(
            "agent scope malformed",
            agentScopes("[invoice.read]"),
            "spec.subjects.agents[0].scopes[0] in body should match"),
        Arguments.of(
            "agent scope with an unknown action",
            agentScopes("['invoice:share']"),
            "spec.subjects.agents[0].scopes[0] in body should match"),
        Arguments.of(
            "agent without scopes",
            PERMISSIONS + "  subjects: {agents: [{id: copilot}]}\n",
            "spec.subjects.agents[0].scopes: Required value"),
        Arguments.of(
            "service account in a bad namespace",
            PERMISSIONS + "  subjects: {serviceAccounts: [{namespace: Team_A, name: app}]}\n",
            "spec.subjects.serviceAccounts[0].namespace in body should match"),
        Arguments.of(
            "kubernetes verb escalate",
            kubernetesRule(
                "{apiGroups: [rbac.authorization.k8s.io], resources: [roles],"
                    + " verbs: [get, escalate]}"),
            "verbs '*', escalate, bind and impersonate are never granted by a TenantRole"),
        Arguments.of(
            "kubernetes verb bind",
            kubernetesRule(
                "{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind]}"),
            "verbs '*', escalate, bind and impersonate are never granted by a TenantRole"),
        Arguments.of(
            "kubernetes verb impersonate",
            kubernetesRule("{apiGroups: [''], resources: [serviceaccounts], verbs: [impersonate]}"),
            "verbs '*', escalate, bind and impersonate are never granted by a TenantRole"),
        Arguments.of(
            "kubernetes verb '*'",
            kubernetesRule("{apiGroups: [''], resources: [pods], verbs: ['*']}"),
            "verbs '*', escalate, bind and impersonate are never granted by a TenantRole"),
        Arguments.of(
            "kubernetes resources '*'",
            kubernetesRule("{apiGroups: [''], resources: [pods, '*'], verbs: [get]}"),
            "name resources and apiGroups explicitly: '*' would grant kinds added later"),
        Arguments.of(
            "kubernetes apiGroups '*'",
            kubernetesRule("{apiGroups: ['*'], resources: [pods], verbs: [get]}"),
            "name resources and apiGroups explicitly: '*' would grant kinds added later"),
        Arguments.of(
            "kubernetes rule without verbs",
            kubernetesRule("{apiGroups: [''], resources: [pods], verbs: []}"),
            "spec.kubernetesRules[0].verbs in body should have at least 1 items"),
        Arguments.of(
            "duplicate test names",
            tests(TEST, test("action", "list")),
            "test names must be unique within a TenantRole"),
        Arguments.of(
            "test with an unknown expect",
            tests(test("expect", "maybe")),
            "spec.tests[0].expect: Unsupported value: \"maybe\": supported values: \"allow\","
                + " \"deny\""),
        Arguments.of(
            "test with an unknown action",
            tests(test("action", "share")),
            "spec.tests[0].action: Unsupported value: \"share\""),
        Arguments.of(
            "test missing principal",
            tests(TEST.replace(" principal: {id: alice},", "")),
            "spec.tests[0].principal: Required value"),
        Arguments.of(
            "test with a bad name",
            tests(test("name", "Can_Read")),
            "spec.tests[0].name in body should match"),
        Arguments.of(
            "test with a bad resource type",
            tests(TEST.replace("type: invoice", "type: Invoice")),
            "spec.tests[0].resource.type in body should match"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void rejectsWithAReadableMessage(String why, String spec, String expected) {
    assertRejected(why, NAME, spec, expected);
  }

  static Stream<Arguments> invalidNames() {
    return Stream.of(
        Arguments.of("uppercase", "Viewer"),
        Arguments.of("51 characters", "a".repeat(51)),
        Arguments.of("starting with a digit", "9-viewer"),
        Arguments.of("a dot", "invoice.viewer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidNames")
  void aNameThatCannotNameTheRoleIsRefused(String why, String name) {
    assertRejected(
        why,
        name,
        PERMISSIONS,
        "a TenantRole's name must be a DNS label starting with a letter, at most 50 characters");
  }

  static Stream<Arguments> validSpecs() {
    return Stream.of(
        Arguments.of("minimal", PERMISSIONS),
        Arguments.of(
            "everything",
            "  description: Reads and approves the department's invoices, with an assistant.\n"
                + "  requireMfa: true\n"
                + "  permissions:\n"
                + "  - {resource: invoice, actions: [read, list, approve],"
                + " conditions: {sameDepartment: true, regions: [eu-west-1, eu-central-1],"
                + " maxSensitivity: confidential}}\n"
                + "  - {resource: customer-record, actions: [read, export],"
                + " conditions: {ownerOnly: true}}\n"
                + "  - {resource: report2, actions: [create, update, delete]}\n"
                + "  subjects:\n"
                + "    users: [alice, 'bob@example.com']\n"
                + "    groups: [finance-approvers]\n"
                + "    serviceAccounts: [{namespace: team-a, name: invoice-worker.v2}]\n"
                + "    agents:\n"
                + "    - {id: copilot, scopes: ['invoice:read', 'invoice:list']}\n"
                + "    - {id: 'agents/exporter', scopes: ['customer-record:export']}\n"
                + "  kubernetesRules:\n"
                + "  - {apiGroups: [''], resources: [pods, pods/log], verbs: [get, list, watch]}\n"
                + "  - {apiGroups: [apps], resources: [deployments], verbs: [get, patch],"
                + " resourceNames: [invoice-api]}\n"
                + "  tests:\n"
                + "  - {name: approver-reads-own-department, description: 'the plain case',"
                + " expect: allow, action: read,"
                + " principal: {id: alice, department: finance, region: eu-west-1},"
                + " resource: {type: invoice, department: finance, region: eu-west-1,"
                + " sensitivity: internal}, context: {amr: [pwd, otp]}}\n"
                + "  - {name: no-other-department, expect: deny, action: read,"
                + " principal: {id: alice, department: finance, roles: [validation-role],"
                + " groups: [finance-approvers]},"
                + " resource: {type: invoice, department: sales, tenant: team-a, owner: bob}}\n"
                + "  - {name: agent-cannot-approve, expect: deny, action: approve,"
                + " principal: {id: alice, tenant: team-a},"
                + " resource: {type: invoice, sensitivity: public},"
                + " context: {amr: [mfa], agent: {id: copilot, scopes: ['invoice:read']}}}\n"),
        Arguments.of(
            "empty lists where they are optional",
            PERMISSIONS
                + "  subjects: {users: [], groups: [], serviceAccounts: [], agents: []}\n"
                + "  kubernetesRules: []\n"
                + "  tests: []\n"),
        Arguments.of(
            "all seven actions, each condition alone",
            permissions(
                "{resource: a, actions: [read, list, create, update, delete, export, approve]}",
                "{resource: b, actions: [read], conditions: {sameDepartment: true}}",
                "{resource: c, actions: [read], conditions: {ownerOnly: true}}",
                "{resource: d, actions: [read], conditions: {regions: [eu-west-1]}}",
                "{resource: e, actions: [read], conditions: {maxSensitivity: public}}")),
        // Rampart judges these, not the API server (condition InvalidRole): a CEL rule comparing
        // every agent scope with every permitted action exceeds the CRD's CEL cost budget.
        Arguments.of(
            "agent scope the role does not permit", agentScopes("[invoice:read, invoice:export]")),
        Arguments.of("agent scope on another resource type", agentScopes("[customer:read]")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void acceptsValidSpecs(String why, String spec) {
    KubectlResult result = create(NAME, spec);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(names()).contains(NAME);
  }

  @Test
  void acceptsWhatTheJavaClassesWrite() {
    Permission invoices = new Permission();
    invoices.setResource("invoice");
    invoices.setActions(List.of(Action.READ, Action.APPROVE));
    AttributeConditions conditions = new AttributeConditions();
    conditions.setMaxSensitivity(DataClassification.CONFIDENTIAL);
    invoices.setConditions(conditions);
    AgentSubject agent = new AgentSubject();
    agent.setId("copilot");
    agent.setScopes(List.of("invoice:read"));
    Subjects subjects = new Subjects();
    subjects.setUsers(List.of("alice"));
    subjects.setAgents(List.of(agent));
    KubernetesRule rule = new KubernetesRule();
    rule.setApiGroups(List.of(""));
    rule.setResources(List.of("configmaps"));
    rule.setVerbs(List.of("get"));
    TestPrincipal alice = new TestPrincipal();
    alice.setId("alice");
    TestResource invoice = new TestResource();
    invoice.setType("invoice");
    RoleTest test = new RoleTest();
    test.setName("alice-approves");
    test.setExpect(RoleTest.Expectation.ALLOW);
    test.setAction(Action.APPROVE);
    test.setPrincipal(alice);
    test.setResource(invoice);
    TenantRoleSpec spec = new TenantRoleSpec();
    spec.setPermissions(List.of(invoices));
    spec.setSubjects(subjects);
    spec.setKubernetesRules(List.of(rule));
    spec.setTests(List.of(test));
    TenantRole role = new TenantRole();
    role.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace(NAMESPACE).build());
    role.setSpec(spec);

    created = NAME;
    TestCluster.admin().resource(role).create();
    assertThat(names()).contains(NAME);
  }

  @BeforeAll
  static void createNamespace() {
    TestCluster.admin()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NAMESPACE)
                .withLabels(Map.of(Tenant.TENANT_LABEL, NAMESPACE))
                .endMetadata()
                .build())
        .create();
  }

  @AfterAll
  static void deleteNamespace() {
    TestCluster.admin().namespaces().withName(NAMESPACE).delete();
  }

  @AfterEach
  void deleteWhatWasCreated() {
    if (created != null) {
      TestCluster.kubectl(
          null,
          "delete",
          "tenantroles.rampart.dev",
          created,
          "-n",
          NAMESPACE,
          "--ignore-not-found");
    }
  }

  private void assertRejected(String why, String name, String spec, String expected) {
    KubectlResult result = create(name, spec);
    assertThat(result.exitCode()).as("kubectl accepted: %s", why).isNotZero();
    assertThat(result.output()).contains(expected).doesNotContain("no such key");
    assertThat(names()).as("left behind by: %s", why).doesNotContain(name);
  }

  private KubectlResult create(String name, String spec) {
    created = name;
    String yaml =
        "apiVersion: rampart.dev/v1alpha1\nkind: TenantRole\nmetadata:\n  name: "
            + name
            + "\n  namespace: "
            + NAMESPACE
            + "\nspec:\n"
            + spec;
    return TestCluster.kubectl(yaml, "create", "-f", "-");
  }

  /** The TenantRoles in {@link #NAMESPACE}. */
  private static List<String> names() {
    KubectlResult result =
        TestCluster.kubectl(
            null,
            "get",
            "tenantroles.rampart.dev",
            "-n",
            NAMESPACE,
            "-o",
            "jsonpath={.items[*].metadata.name}");
    assertThat(result.exitCode()).as(result.output()).isZero();
    return Arrays.asList(result.output().trim().split("\\s+"));
  }
}
