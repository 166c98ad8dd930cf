package dev.rampart.billing.benchmark;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.stripe.model.Event;
import com.stripe.net.Webhook;
import dev.rampart.billing.verify.Provider;
import dev.rampart.billing.verify.RequestHeaders;
import dev.rampart.billing.verify.SigningSecret;
import dev.rampart.billing.verify.Verification;
import dev.rampart.billing.verify.Verified;
import dev.rampart.billing.verify.WebhookVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One correctly signed delivery verified by Rampart and by each provider's own library: the same ~2
 * KiB event, secrets and headers for both sides. Each library gets its natural input (a String
 * payload, its own header map), Rampart the raw bytes it receives; every side reads the clock.
 */
@State(Scope.Benchmark)
public class VerifierBenchmark {

  static final String STRIPE_SECRET = "whsec_4eC39HqLyjWDarjtT1zdp7dcRampartBench";
  static final String STANDARD_WEBHOOKS_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String WEBHOOK_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

  private String payload;
  private byte[] body;
  private String stripeHeader;
  private RequestHeaders stripeHeaders;
  private WebhookVerifier rampartStripe;
  private com.standardwebhooks.Webhook standardWebhooks;
  private Map<String, List<String>> standardWebhooksHeaders;
  private RequestHeaders rampartStandardWebhooksHeaders;
  private WebhookVerifier rampartStandardWebhooks;

  @Setup
  public void setUp() throws Exception {
    payload = VerifierBenchmarkPayload.chargeSucceeded();
    body = payload.getBytes(UTF_8);
    // Signed now: a trial (warm-up and measurement) is far shorter than the 300 s tolerance.
    long now = Instant.now().getEpochSecond();

    stripeHeader = Webhook.Signature.generateSignatureHeader(payload, STRIPE_SECRET, now);
    stripeHeaders = headers(Map.of("stripe-signature", stripeHeader));
    rampartStripe = verifier(Provider.STRIPE, STRIPE_SECRET);

    standardWebhooks = new com.standardwebhooks.Webhook(STANDARD_WEBHOOKS_SECRET);
    Map<String, String> swh =
        Map.of(
            "webhook-id", WEBHOOK_ID,
            "webhook-timestamp", Long.toString(now),
            "webhook-signature", standardWebhooks.sign(WEBHOOK_ID, now, payload));
    standardWebhooksHeaders = new HashMap<>();
    for (Map.Entry<String, String> header : withTypicalHeaders(swh).entrySet()) {
      standardWebhooksHeaders.put(header.getKey(), List.of(header.getValue()));
    }
    rampartStandardWebhooksHeaders = headers(swh);
    rampartStandardWebhooks = verifier(Provider.STANDARD_WEBHOOKS, STANDARD_WEBHOOKS_SECRET);

    // Measure the accepting path only: a refusal here would make the comparison meaningless.
    require(rampartStripe());
    require(rampartStandardWebhooks());
    if (!stripeJavaVerifyHeader()) {
      throw new IllegalStateException("stripe-java refused the benchmark delivery");
    }
    standardWebhooksLibrary();
  }

  private static WebhookVerifier verifier(Provider provider, String secret) {
    return WebhookVerifier.create(
        provider, List.of(new SigningSecret(secret, null)), Duration.ofSeconds(300), 262_144);
  }

  /**
   * The signature headers among the ones every delivery carries, looked up like the gateway does.
   */
  private static RequestHeaders headers(Map<String, String> signatureHeaders) {
    Map<String, String> all = withTypicalHeaders(signatureHeaders);
    return all::get;
  }

  private static Map<String, String> withTypicalHeaders(Map<String, String> signatureHeaders) {
    Map<String, String> all = new HashMap<>(signatureHeaders);
    all.put("content-type", "application/json; charset=utf-8");
    all.put("user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    all.put("content-length", "2048");
    all.put("accept", "*/*");
    return all;
  }

  private static void require(Verification verification) {
    if (!(verification instanceof Verified)) {
      throw new IllegalStateException("Rampart refused the benchmark delivery: " + verification);
    }
  }

  @Benchmark
  public Verification rampartStripe() {
    return rampartStripe.verify(stripeHeaders, body, Instant.now());
  }

  @Benchmark
  public boolean stripeJavaVerifyHeader() throws Exception {
    return Webhook.Signature.verifyHeader(payload, stripeHeader, STRIPE_SECRET, 300);
  }

  @Benchmark
  public Event stripeJavaConstructEvent() throws Exception {
    return Webhook.constructEvent(payload, stripeHeader, STRIPE_SECRET);
  }

  @Benchmark
  public Verification rampartStandardWebhooks() {
    return rampartStandardWebhooks.verify(rampartStandardWebhooksHeaders, body, Instant.now());
  }

  @Benchmark
  public void standardWebhooksLibrary() throws Exception {
    standardWebhooks.verify(payload, standardWebhooksHeaders);
  }
}
