package dev.rampart.operator.paymentwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.TestCluster;
import dev.rampart.operator.testing.TestCluster.KubectlResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad PaymentWebhooks are refused by the real API server with a message a person understands. */
class PaymentWebhookValidationIT {

  private static final String LEDGER =
      "  ledger: {jdbcUrl: 'jdbc:postgresql://ledger:5432/billing', credentialsSecret: ledger-db}\n";
  private static final String STANDARD = "  provider: standard-webhooks\n";
  private static final String STRIPE =
      "  provider: stripe\n  signingSecret: {secretRef: {name: stripe, key: secret}}\n";

  private static String path(String path) {
    return "  path: '" + path + "'\n";
  }

  /** A valid Standard Webhooks spec with {@code extra} added. */
  private static String standard(String extra) {
    return STANDARD + path("/webhooks/pay") + LEDGER + extra;
  }

  private static String posting(String field, String value) {
    String posting =
        "{eventType: charge.succeeded, amount: /data/object/amount,"
            + " currency: /data/object/currency, debit: 'processor:stripe',"
            + " credit: 'revenue:sales'}";
    return "  postings: ["
        + posting.replaceFirst(field + ": [^,}]+", field + ": '" + value + "'")
        + "]\n";
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("no provider", path("/p") + LEDGER, "spec.provider: Required value"),
        Arguments.of(
            "unknown provider",
            "  provider: paypal\n" + path("/p") + LEDGER,
            "supported values: \"standard-webhooks\", \"stripe\""),
        Arguments.of("no ledger", STANDARD + path("/p"), "spec.ledger: Required value"),
        Arguments.of(
            "no amount can be posted",
            standard("  maxAmountMinorUnits: 0\n"),
            "spec.maxAmountMinorUnits: Invalid value: 0: spec.maxAmountMinorUnits in body should be"
                + " greater than or equal to 1"),
        Arguments.of(
            "relative path", STANDARD + path("webhooks") + LEDGER, "path must start with /"),
        Arguments.of(
            "dot-dot in the path",
            STANDARD + path("/webhooks/../admin") + LEDGER,
            "must not contain '..'"),
        Arguments.of("trailing slash", STANDARD + path("/webhooks/") + LEDGER, "no trailing /"),
        Arguments.of(
            "stripe without a secret",
            "  provider: stripe\n" + path("/p") + LEDGER,
            "provider stripe needs signingSecret"),
        Arguments.of(
            "standard webhooks with a secret",
            standard("  signingSecret: {secretRef: {name: s, key: k}}\n"),
            "provider standard-webhooks takes no signingSecret"),
        Arguments.of(
            "two secret sources",
            "  provider: stripe\n"
                + "  signingSecret: {secretRef: {name: s, key: k}, vault: {path: a, key: k}}\n"
                + path("/p")
                + LEDGER,
            "exactly one of vault"),
        Arguments.of(
            "vault path leaving the tenant",
            "  provider: stripe\n  signingSecret: {vault: {path: ../b/stripe, key: k}}\n"
                + path("/p")
                + LEDGER,
            "cannot leave the tenant's prefix"),
        Arguments.of(
            "tolerance zero", standard("  toleranceSeconds: 0\n"), "spec.toleranceSeconds"),
        Arguments.of(
            "tolerance above an hour",
            standard("  toleranceSeconds: 7200\n  idempotencyWindowSeconds: 86400\n"),
            "spec.toleranceSeconds"),
        Arguments.of(
            "window shorter than twice the tolerance",
            standard("  toleranceSeconds: 300\n  idempotencyWindowSeconds: 500\n"),
            "idempotencyWindowSeconds must be at least twice toleranceSeconds"),
        Arguments.of(
            "account name with a space",
            standard(posting("debit", "processor stripe")),
            "must be a ledger account"),
        Arguments.of(
            "same debit and credit",
            standard(posting("credit", "processor:stripe")),
            "debit and credit must differ"),
        Arguments.of(
            "amount not a JSON pointer",
            standard(posting("amount", "data.object.amount")),
            "must be a JSON Pointer"),
        Arguments.of(
            "currency with a bad escape",
            standard(posting("currency", "/data/~2")),
            "must be a JSON Pointer"),
        Arguments.of(
            "two postings for one event type",
            standard(
                "  postings: [{eventType: a, amount: /x, currency: /c, debit: d:a, credit: c:a},"
                    + " {eventType: a, amount: /y, currency: /c, debit: d:a, credit: c:a}]\n"),
            "each eventType may have only one posting"),
        Arguments.of(
            "zero credit cap",
            standard(
                "  adjustments: {maxMinorUnits: 0, credit: {debit: a:x, credit: b:x},"
                    + " refund: {debit: c:x, credit: d:x}}\n"),
            "spec.adjustments.maxMinorUnits"),
        Arguments.of(
            "forward to another namespace's service name",
            standard("  forward: {service: app.other, port: 8080}\n"),
            "must be a Service name"),
        Arguments.of(
            "forward to a path with dot-dot",
            standard("  forward: {service: app, port: 8080, path: /a/../b}\n"),
            "must not contain '..'"),
        Arguments.of(
            "not a PostgreSQL URL",
            STANDARD
                + path("/p")
                + "  ledger: {jdbcUrl: 'jdbc:mysql://db/x', credentialsSecret: db}\n",
            "jdbcUrl must be a PostgreSQL JDBC URL"),
        Arguments.of(
            "grace period above 30 days",
            standard("  rotationGracePeriodSeconds: 9999999\n"),
            "spec.rotationGracePeriodSeconds"),
        Arguments.of(
            "no gateway replica",
            standard("  gateway: {replicas: 0}\n"),
            "spec.gateway.replicas: Invalid value: 0"),
        Arguments.of(
            "gateway resources without a memory limit",
            standard("  gateway: {resources: {limits: {cpu: 2}}}\n"),
            "resources.limits.memory is required"),
        Arguments.of(
            "gateway resources without limits",
            standard("  gateway: {resources: {requests: {cpu: 1}}}\n"),
            "spec.gateway.resources.limits: Required value"),
        Arguments.of(
            "gateway with an extended resource",
            standard("  gateway: {resources: {limits: {memory: 1Gi, nvidia.com/gpu: 1}}}\n"),
            "only cpu, memory and ephemeral-storage can be set"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void rejectsWithAReadableMessage(String why, String spec, String expected) {
    KubectlResult result = apply("pay", spec);
    assertThat(result.exitCode()).as("kubectl accepted: %s", why).isNotZero();
    assertThat(result.output()).contains(expected);
  }

  @Test
  void aNameThatCannotNameTheGatewayServiceIsRefused() {
    KubectlResult result = apply("9-pay", standard(""));
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("must be a DNS label starting with a letter");
  }

  static Stream<Arguments> validSpecs() {
    return Stream.of(
        Arguments.of("minimal", standard("")),
        Arguments.of(
            "everything",
            STRIPE
                + path("/webhooks/stripe.v1_x~y")
                + "  ledger: {jdbcUrl: 'jdbc:postgresql://a:5432,b:5433/billing?ssl=true',"
                + " credentialsSecret: ledger-db.creds}\n"
                + "  toleranceSeconds: 600\n"
                + "  idempotencyWindowSeconds: 1200\n"
                + "  maxBodyBytes: 1048576\n"
                + "  maxAmountMinorUnits: 100000000\n"
                + "  rotationGracePeriodSeconds: 0\n"
                + posting("currency", "/data/object/currency")
                + "  reconciliation: {eventType: balance.available, account: 'processor:stripe',"
                + " balances: /data/object/available}\n"
                + "  forward: {service: app, port: 8080, path: /billing-events}\n"
                + "  adjustments: {maxMinorUnits: 50000,"
                + " credit: {debit: 'expense:customer-credits', credit: 'liability:customer-balance'},"
                + " refund: {debit: 'revenue:refunds', credit: 'processor:stripe'}}\n"
                + "  adminTokens: {name: billing-admins, key: tokens}\n"
                + "  gateway: {replicas: 3, resources: {requests: {cpu: 500m, memory: 1Gi},"
                + " limits: {cpu: 2, memory: 1Gi}}}\n"),
        Arguments.of(
            "gateway quantities as numbers",
            standard(
                "  gateway: {resources: {requests: {cpu: 1}, limits: {cpu: 2, memory: 2147483648}}}\n")),
        Arguments.of(
            "stripe from vault",
            "  provider: stripe\n  signingSecret: {vault: {path: billing/stripe, key: secret, version: 2}}\n"
                + path("/p")
                + LEDGER));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void acceptsValidSpecs(String why, String spec) {
    KubectlResult result = apply("pay", spec);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  private static KubectlResult apply(String name, String spec) {
    String yaml =
        "apiVersion: rampart.dev/v1alpha1\nkind: PaymentWebhook\nmetadata:\n  name: "
            + name
            + "\n  namespace: default\nspec:\n"
            + spec;
    return TestCluster.kubectl(yaml, "apply", "--server-side", "--dry-run=server", "-f", "-");
  }
}
