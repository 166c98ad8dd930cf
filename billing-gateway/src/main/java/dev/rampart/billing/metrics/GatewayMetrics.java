package dev.rampart.billing.metrics;

import dev.rampart.billing.authn.TokenRejectedException;
import dev.rampart.billing.authz.AdminAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's meters, in Prometheus form on the management port. Meters are created up front
 * where their labels are known, so that counters show 0 before the first event and the hot path
 * does no registry lookups.
 */
public final class GatewayMetrics implements AutoCloseable {

  /** How a webhook request ended, the {@code outcome} label of its duration. */
  public enum Outcome {
    RECORDED,
    DUPLICATE,
    REJECTED,
    UNAVAILABLE,
    ERROR;

    final String label = name().toLowerCase(Locale.ROOT);
  }

  /** How a delivery attempt ended, the {@code outcome} label of its counter. */
  public enum Delivery {
    DELIVERED,
    RETRY,
    DISABLED;

    final String label = name().toLowerCase(Locale.ROOT);
  }

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Admin admin;

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
    admin = new Admin();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * The meters of one webhook.
   *
   * @param knownReasons rejection reasons to show as 0 before they first happen
   */
  public Webhook webhook(String name, List<String> knownReasons) {
    return new Webhook(name, knownReasons);
  }

  /** The admin API's meters. */
  public Admin admin() {
    return admin;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }

  /**
   * Admin requests whose bearer token named nobody, by reason; those whose access token could not
   * be checked; admin calls the tenant's policy refused or could not decide, by action and resource
   * type.
   */
  public final class Admin {
    private final Map<TokenRejectedException.Reason, Counter> rejected =
        new EnumMap<>(TokenRejectedException.Reason.class);
    private final Counter signingKeysUnavailable;
    private final Map<AdminAction, Counter> denied = new EnumMap<>(AdminAction.class);
    private final Map<AdminAction, Counter> unavailable = new EnumMap<>(AdminAction.class);

    private Admin() {
      for (TokenRejectedException.Reason reason : TokenRejectedException.Reason.values()) {
        rejected.put(
            reason,
            Counter.builder("billing.admin.token.rejected")
                .description("Admin requests refused (401) because their bearer token named nobody")
                .tag("reason", reason.label())
                .register(registry));
      }
      signingKeysUnavailable =
          Counter.builder("billing.admin.signing.keys.unavailable")
              .description(
                  "Admin requests refused (503) because the issuer's signing keys could not be"
                      + " fetched")
              .register(registry);
      for (AdminAction action : AdminAction.values()) {
        denied.put(
            action,
            counter(
                "billing.admin.denied",
                "Admin calls the tenant's policy refused (403); nothing was written",
                action));
        unavailable.put(
            action,
            counter(
                "billing.admin.policy.unavailable",
                "Admin calls refused because the policy decision point did not answer (503)",
                action));
      }
    }

    private Counter counter(String name, String description, AdminAction action) {
      return Counter.builder(name)
          .description(description)
          .tags("action", action.action(), "resource", action.resourceType())
          .register(registry);
    }

    public void tokenRejected(TokenRejectedException.Reason reason) {
      rejected.get(reason).increment();
    }

    public void signingKeysUnavailable() {
      signingKeysUnavailable.increment();
    }

    public void denied(AdminAction action) {
      denied.get(action).increment();
    }

    public void policyUnavailable(AdminAction action) {
      unavailable.get(action).increment();
    }
  }

  /** Meters labelled with one webhook's name. */
  public final class Webhook {
    private final String name;
    private final Counter verified;
    private final Counter duplicate;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);
    private final Map<Delivery, Counter> deliveries = new EnumMap<>(Delivery.class);
    private final AtomicLong forwardingDisabled = new AtomicLong();
    private final Map<List<String>, AtomicLong> drift = new ConcurrentHashMap<>();

    private Webhook(String name, List<String> knownReasons) {
      this.name = name;
      verified =
          Counter.builder("billing.webhooks.verified")
              .description("Webhook requests whose signature verified")
              .tag("webhook", name)
              .register(registry);
      duplicate =
          Counter.builder("billing.webhooks.duplicate")
              .description("Verified events already in the ledger (answered 200, not posted again)")
              .tag("webhook", name)
              .register(registry);
      knownReasons.forEach(this::rejectedCounter);
      for (Outcome outcome : Outcome.values()) {
        durations.put(
            outcome,
            Timer.builder("billing.webhook.duration")
                .description("Time from a webhook request's arrival to its response")
                .tags("webhook", name, "outcome", outcome.label)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
      }
      for (Delivery delivery : Delivery.values()) {
        deliveries.put(
            delivery,
            Counter.builder("billing.forward.deliveries")
                .description("Attempts to deliver a verified event to the tenant's application")
                .tags("webhook", name, "outcome", delivery.label)
                .register(registry));
      }
      Gauge.builder("billing.forward.disabled", forwardingDisabled, AtomicLong::get)
          .description("1 when the application answered 410 Gone and forwarding stopped")
          .tag("webhook", name)
          .register(registry);
    }

    public void verified() {
      verified.increment();
    }

    public void duplicate() {
      duplicate.increment();
    }

    /** A refused request; {@code reason} is a fixed label, never request data. */
    public void rejected(String reason) {
      rejectedCounter(reason).increment();
    }

    private Counter rejectedCounter(String reason) {
      return rejected.computeIfAbsent(
          reason,
          r ->
              Counter.builder("billing.webhooks.rejected")
                  .description("Webhook requests refused before anything was stored")
                  .tags("webhook", name, "reason", r)
                  .register(registry));
    }

    public void duration(Outcome outcome, long nanos) {
      durations.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void delivery(Delivery outcome) {
      deliveries.get(outcome).increment();
    }

    public void forwardingDisabled(boolean disabled) {
      forwardingDisabled.set(disabled ? 1 : 0);
    }

    /**
     * The outcome of comparing {@code account} with the processor: ledger minus reported balance by
     * currency, in minor units. Currencies of the account left out are back in agreement.
     */
    public void reconciled(String account, Map<String, Long> differences) {
      drift.forEach(
          (key, value) -> {
            if (key.getFirst().equals(account) && !differences.containsKey(key.get(1))) {
              value.set(0);
            }
          });
      differences.forEach((currency, difference) -> driftGauge(account, currency).set(difference));
    }

    private AtomicLong driftGauge(String account, String currency) {
      return drift.computeIfAbsent(
          List.of(account, currency),
          key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("billing.ledger.drift.minor.units", value, AtomicLong::get)
                .description("Ledger minus processor-reported balance at the last reconciliation")
                .tags("webhook", name, "account", account, "currency", currency)
                .register(registry);
            return value;
          });
    }
  }
}
