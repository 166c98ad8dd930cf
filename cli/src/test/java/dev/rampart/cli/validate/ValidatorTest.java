package dev.rampart.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rampart's CRDs as the validator judges them; every expected message is the real API server's
 * (kube-apiserver 1.34, {@code kubectl create --dry-run=server}) for the same resource.
 */
class ValidatorTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Validator VALIDATOR = Validator.rampart();

  private static final String NOT_CHECKED =
      "<nil>: Invalid value: null: some validation rules were not checked because the object was"
          + " invalid; correct the existing errors to complete validation";

  static List<String> problems(String kind, String name, String spec) {
    String yaml =
        "apiVersion: rampart.dev/v1alpha1\nkind: "
            + kind
            + "\nmetadata: {name: '"
            + name
            + (kind.equals("Tenant") ? "'" : "', namespace: team-a")
            + "}\nspec:\n"
            + spec;
    try {
      return VALIDATOR.validate(YAML.readTree(yaml)).stream().map(Problem::text).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> role(String spec) {
    return problems("TenantRole", "viewer", spec);
  }

  private static List<String> tenant(String spec) {
    return problems("Tenant", "acme", "  owners: [{kind: User, name: alice}]\n" + spec);
  }

  private static List<String> webhook(String spec) {
    return problems(
        "PaymentWebhook",
        "pay",
        "  provider: standard-webhooks\n  path: /webhooks/pay\n"
            + "  ledger: {jdbcUrl: 'jdbc:postgresql://ledger/billing', credentialsSecret: db}\n"
            + spec);
  }

  @Test
  void aValidResourceHasNoProblem() {
    assertThat(role("  permissions: [{resource: invoice, actions: [read, list]}]\n")).isEmpty();
  }

  @Test
  void anUnsupportedEnumValueListsTheSupportedOnesAndBlocksTheRules() {
    assertThat(role("  permissions: [{resource: invoice, actions: [read, share]}]\n"))
        .containsExactly(
            "spec.permissions[0].actions[1]: Unsupported value: \"share\": supported values:"
                + " \"approve\", \"create\", \"delete\", \"export\", \"list\", \"read\", \"update\"",
            NOT_CHECKED);
  }

  @Test
  void requiredFieldsMinItemsAndPatterns() {
    assertThat(role("  description: nothing\n"))
        .containsExactly("spec.permissions: Required value", NOT_CHECKED);
    assertThat(role("  permissions: []\n"))
        .containsExactly(
            "spec.permissions: Invalid value: 0: spec.permissions in body should have at least 1"
                + " items");
    assertThat(role("  permissions: [{resource: Invoice, actions: [read]}]\n"))
        .containsExactly(
            "spec.permissions[0].resource: Invalid value: \"Invoice\": spec.permissions[0].resource"
                + " in body should match '^[a-z][a-z0-9-]{0,62}$'");
  }

  @Test
  void lengthsCountsAndTypes() {
    assertThat(tenant("  namespaces: [" + "a".repeat(64) + "]\n"))
        .containsExactly(
            "spec.namespaces[0]: Too long: may not be more than 63 bytes", NOT_CHECKED);
    assertThat(tenant("  preventDeletion: 1\n"))
        .containsExactly(
            "spec.preventDeletion: Invalid value: \"integer\": spec.preventDeletion in body must be"
                + " of type boolean: \"integer\"",
            NOT_CHECKED);
    assertThat(webhook("  maxBodyBytes: 99999999\n"))
        .containsExactly(
            "spec.maxBodyBytes: Invalid value: 99999999: spec.maxBodyBytes in body should be less"
                + " than or equal to 10485760");
  }

  @Test
  void rulesOnListsUseTheMacros() {
    assertThat(role("  permissions: [{resource: invoice, actions: [read, list, read]}]\n"))
        .containsExactly(
            "spec.permissions[0].actions: Invalid value: \"array\": an action is listed once per"
                + " permission");
    assertThat(
            role(
                "  permissions: [{resource: invoice, actions: [read]}]\n"
                    + "  kubernetesRules: [{apiGroups: [''], resources: [pods], verbs: [get, bind]}]\n"))
        .singleElement()
        .asString()
        .startsWith(
            "spec.kubernetesRules[0]: Invalid value: \"object\": verbs '*', escalate, bind and"
                + " impersonate are never granted");
  }

  @Test
  void hasOnAnObjectRule() {
    assertThat(role("  permissions: [{resource: invoice, actions: [read], conditions: {}}]\n"))
        .singleElement()
        .asString()
        .startsWith(
            "spec.permissions[0].conditions: Invalid value: \"object\": conditions restrict"
                + " nothing as written");
  }

  @Test
  void aReservedWordPropertyIsReadEscaped() {
    assertThat(problems("Tenant", "acme", "  owners: [{kind: ServiceAccount, name: ci}]\n"))
        .containsExactly(
            "spec.owners[0]: Invalid value: \"object\": namespace is required for a ServiceAccount"
                + " owner and not allowed for a User or Group");
    assertThat(
            problems(
                "Tenant", "acme", "  owners: [{kind: ServiceAccount, name: ci, namespace: ci}]\n"))
        .isEmpty();
  }

  @Test
  void quantitiesCompareByValue() {
    assertThat(tenant("  limits: {defaultRequest: {memory: 1Gi}, default: {memory: 1073741824}}\n"))
        .containsExactly(
            "spec.limits.default.memory: Invalid value: \"integer\": spec.limits.default.memory in"
                + " body must be of type string: \"integer\"",
            NOT_CHECKED);
    assertThat(
            tenant("  limits: {defaultRequest: {memory: 1Gi}, default: {memory: '1073741824'}}\n"))
        .isEmpty();
    assertThat(tenant("  limits: {defaultRequest: {cpu: '2'}, default: {cpu: 1500m}}\n"))
        .containsExactly(
            "spec.limits: Invalid value: \"object\": limits.defaultRequest.cpu must not exceed"
                + " limits.default.cpu");
    assertThat(tenant("  quota: {hard: {pods: '-1', requests.cpu: '1e3'}}\n"))
        .containsExactly(
            "spec.quota.hard: Invalid value: \"object\": quota values must not be negative");
    assertThat(tenant("  limits: {max: {memory: big}}\n"))
        .containsExactly(
            "spec.limits.max: Invalid value: \"object\": memory must be a positive quantity, such"
                + " as 256Mi or 2Gi");
  }

  @Test
  void cidrs() {
    assertThat(
            tenant(
                "  network: {egress: [{cidr: '2001:db8::/32', except: ['2001:db8:1::/48', nope],"
                    + " ports: [{port: 443}]}]}\n"))
        .containsExactly(
            "spec.network.egress[0].except: Invalid value: \"array\": each except entry must be a"
                + " CIDR");
  }

  @Test
  void durations() {
    List<String> problems =
        problems(
            "VaultSecret",
            "db",
            "  source: {kv: {path: db}}\n  destination: {name: db}\n  refreshInterval: 4s\n");
    assertThat(problems)
        .containsExactly(
            "spec.refreshInterval: Invalid value: \"string\": refreshInterval must be at least 5s");
    assertThat(tenant("  encryption: {keyRotationPeriod: ''}\n"))
        .containsExactly(
            "spec.encryption.keyRotationPeriod: Invalid value: \"string\": type conversion error"
                + " from 'string' to 'google.protobuf.Duration' evaluating rule: keyRotationPeriod"
                + " must be at least 1h (e.g. 720h for 30 days)");
  }

  @Test
  void rulesReadDefaultedFields() {
    // toleranceSeconds defaults to 300, idempotencyWindowSeconds to 2592000.
    assertThat(webhook("")).isEmpty();
    assertThat(webhook("  idempotencyWindowSeconds: 500\n"))
        .singleElement()
        .asString()
        .startsWith(
            "spec: Invalid value: \"object\": idempotencyWindowSeconds must be at least twice"
                + " toleranceSeconds");
  }

  @Test
  void rootRulesReadTheNameAndOptionalOldSelfIsEmptyOnCreate() {
    assertThat(problems("Tenant", "kube-tools", "  owners: [{kind: User, name: a}]\n"))
        .singleElement()
        .asString()
        .startsWith(
            "<nil>: Invalid value: \"object\": a Tenant named default, kube-system, kube-public or"
                + " kube-* must list spec.namespaces");
    assertThat(
            problems(
                "TenantRole", "a".repeat(51), "  permissions: [{resource: a, actions: [read]}]\n"))
        .singleElement()
        .asString()
        .startsWith(
            "<nil>: Invalid value: \"object\": a TenantRole's name must be a DNS label starting with"
                + " a letter, at most 50 characters");
  }

  @Test
  void theNameMustBeADnsSubdomain() {
    assertThat(
            problems("TenantRole", "Viewer", "  permissions: [{resource: a, actions: [read]}]\n"))
        .first()
        .asString()
        .startsWith(
            "metadata.name: Invalid value: \"Viewer\": a lowercase RFC 1123 subdomain must consist"
                + " of lower case alphanumeric characters");
  }

  @Test
  void anUnknownFieldIsAWarningOnly() {
    assertThat(tenant("  namespace: typo\n"))
        .containsExactly(
            "warning: unknown field \"spec.namespace\" (the API server drops it; kubectl's default"
                + " --validate=strict refuses it)");
  }

  @Test
  void intOrStringMapValuesAndTheirKeys() {
    assertThat(
            webhook("  gateway: {resources: {limits: {memory: 2147483648, nvidia.com/gpu: 1}}}\n"))
        .containsExactly(
            "spec.gateway.resources.limits: Invalid value: \"object\": only cpu, memory and"
                + " ephemeral-storage can be set");
    assertThat(webhook("  gateway: {resources: {limits: {memory: true}}}\n"))
        .containsExactly(
            "spec.gateway.resources.limits.memory: Invalid value: \"boolean\":"
                + " spec.gateway.resources.limits.memory in body must be of type integer,string:"
                + " \"boolean\"",
            "<nil>: Invalid value: \"\": \"spec.gateway.resources.limits.memory\" must validate at"
                + " least one schema (anyOf)",
            "spec.gateway.resources.limits.memory: Invalid value: \"boolean\":"
                + " spec.gateway.resources.limits.memory in body must be of type integer:"
                + " \"boolean\"",
            NOT_CHECKED);
  }

  @Test
  void anUnknownKindIsAnError() {
    assertThat(problems("TenantPolicy", "x", "  {}\n"))
        .containsExactly(
            "kind: Unsupported value: \"TenantPolicy\": supported values: \"PaymentWebhook\","
                + " \"Tenant\", \"TenantRole\", \"VaultSecret\"");
  }
}
