package dev.rampart.billing.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.billing.config.SecretFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Signing secrets rotate without a restart; a previous secret verifies until its validUntil. */
class SecretRotationIT {

  private static final String NEXT = TestGateway.STRIPE_NEXT_SECRET;

  private static String charge() {
    return TestGateway.stripeEvent("evt_" + UUID.randomUUID(), "charge.succeeded", 10, "usd");
  }

  @Test
  void rewritingTheSecretFileSwitchesSecretsWithoutARestart() {
    try (TestGateway gateway = TestGateway.start()) {
      assertThat(gateway.postStripe(charge()).statusCode()).isEqualTo(200);

      gateway.writeSecret("payments.signing.current", NEXT + "\n");

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> gateway.postStripe(charge(), NEXT, Instant.now()).statusCode() == 200);
      assertThat(gateway.postStripe(charge()).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aPreviousSecretVerifiesUntilItsValidUntil() {
    try (TestGateway gateway = TestGateway.start(previousSecret(Instant.now().plusSeconds(3)))) {
      assertThat(gateway.postStripe(charge(), NEXT, Instant.now()).statusCode()).isEqualTo(200);
      assertThat(gateway.postStripe(charge()).statusCode()).isEqualTo(200);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> gateway.postStripe(charge()).statusCode() == 401);
      assertThat(gateway.postStripe(charge(), NEXT, Instant.now()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUnusableRotatedSecretKeepsThePreviousOne() {
    Logger secretFiles = (Logger) LoggerFactory.getLogger(SecretFiles.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    secretFiles.addAppender(logs);
    try (TestGateway gateway = TestGateway.start()) {
      gateway.writeSecret("subscriptions.signing", "not-a-whsec-secret");
      // The watcher read the new file and refused it.
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  logs.list.stream()
                      .anyMatch(e -> e.getFormattedMessage().contains("kept the previous value")));

      String id = "msg_" + UUID.randomUUID();
      assertThat(gateway.postStandard(id, "{\"type\":\"ping\"}").statusCode()).isEqualTo(200);
    } finally {
      secretFiles.detachAppender(logs);
    }
  }

  /**
   * {@code payments} verifies with {@link #NEXT} (current) and the gateway's usual Stripe secret as
   * the previous one, valid until {@code until}.
   */
  private static Consumer<ObjectNode> previousSecret(Instant until) {
    return config -> {
      ObjectNode payments = (ObjectNode) config.withArray("webhooks").get(0);
      ArrayNode secrets = payments.putArray("signingSecrets");
      secrets.addObject().put("file", "payments.signing.next");
      secrets
          .addObject()
          .put("file", "payments.signing.current")
          .put("validUntil", until.toString());
    };
  }
}
