package dev.rampart.billing.forward;

import static net.logstash.logback.argument.StructuredArguments.v;

import dev.rampart.billing.ledger.Delivery;
import dev.rampart.billing.ledger.ForwardOutbox;
import dev.rampart.billing.metrics.GatewayMetrics;
import dev.rampart.billing.verify.StandardWebhooksSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers recorded events from the outbox to the tenants' applications, signed with Standard
 * Webhooks: {@code webhook-id} is the event id, so the application can deduplicate. A 2xx answer
 * marks the event delivered; 410 Gone stops forwarding for the webhook until {@link #enable};
 * anything else (429, 5xx, timeouts, refused connections) is retried after {@link RetryPolicy}'s
 * delay.
 *
 * <p>Delivery is at least once: an attempt whose outcome cannot be stored is repeated when its
 * lease ends. Order between events is not kept.
 */
public final class Forwarder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

  /** Where one webhook's events go. */
  public record Target(
      URI url, Supplier<StandardWebhooksSigner> signer, GatewayMetrics.Webhook metrics) {}

  /**
   * @param concurrency deliveries in flight at once
   * @param poll how often the outbox is read when nothing wakes the forwarder
   * @param lease how long a claimed delivery is this gateway's; longer than a request can take
   * @param requestTimeout the longest a delivery request may take, connection included
   */
  public record Settings(int concurrency, Duration poll, Duration lease, Duration requestTimeout) {
    public static Settings defaults() {
      return new Settings(
          16, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10));
    }
  }

  private final ForwardOutbox outbox;
  private final Map<String, Target> targets;
  private final RetryPolicy retry;
  private final Settings settings;
  private final Clock clock;
  private final HttpClient client;
  private final Semaphore slots;
  private final Semaphore wakeUp = new Semaphore(0);
  private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread loop;
  private volatile boolean running = true;
  private String lastClaimProblem;

  public Forwarder(
      ForwardOutbox outbox,
      Map<String, Target> targets,
      RetryPolicy retry,
      Settings settings,
      Clock clock) {
    this.outbox = outbox;
    this.targets = Map.copyOf(targets);
    this.retry = retry;
    this.settings = settings;
    this.clock = clock;
    this.slots = new Semaphore(settings.concurrency());
    Duration connect = settings.requestTimeout().dividedBy(2);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connect)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.loop = Thread.ofVirtual().name("forwarder").unstarted(this::run);
  }

  /** Shows each webhook's disabled state, then starts delivering. */
  public void start() throws SQLException {
    showDisabled();
    loop.start();
  }

  /** The webhooks this forwarder delivers. */
  public Set<String> webhooks() {
    return targets.keySet();
  }

  /**
   * Forwards {@code webhook}'s events again after a 410 Gone stopped it; its pending deliveries go
   * out as they come due.
   *
   * @return whether it was disabled
   * @throws IllegalArgumentException this forwarder does not deliver {@code webhook}'s events
   */
  public boolean enable(String webhook) throws SQLException {
    Target target = targets.get(webhook);
    if (target == null) {
      throw new IllegalArgumentException("webhook " + webhook + " is not forwarded");
    }
    boolean wasDisabled = outbox.enable(webhook);
    target.metrics().forwardingDisabled(false);
    wake();
    return wasDisabled;
  }

  /** Sets each webhook's gauge, which another gateway sharing the database may have changed. */
  private void showDisabled() throws SQLException {
    Set<String> disabled = outbox.disabled(targets.keySet());
    targets.forEach(
        (webhook, target) -> target.metrics().forwardingDisabled(disabled.contains(webhook)));
  }

  /** Something may be due now (an event was just recorded): look without waiting for the poll. */
  public void wake() {
    if (wakeUp.availablePermits() == 0) {
      wakeUp.release();
    }
  }

  private void run() {
    Instant shown = clock.instant();
    while (running) {
      if (!clock.instant().isBefore(shown.plus(settings.poll()))) {
        shown = clock.instant();
        try {
          showDisabled();
        } catch (SQLException e) {
          // The claim below reads the same database and reports the problem.
        }
      }
      int free = slots.availablePermits();
      int claimed = free > 0 ? claim(free) : 0;
      if (free > 0 && claimed == free) {
        continue; // more may be due
      }
      try {
        wakeUp.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private int claim(int limit) {
    List<Delivery> due;
    try {
      due = outbox.claimDue(targets.keySet(), limit, clock.instant(), settings.lease());
      lastClaimProblem = null;
    } catch (SQLException e) {
      String problem = "SQLState " + e.getSQLState();
      if (!problem.equals(lastClaimProblem)) {
        log.warn("cannot read the outbox ({}); retrying every {}", problem, settings.poll());
        lastClaimProblem = problem;
      }
      return 0;
    }
    for (Delivery delivery : due) {
      slots.acquireUninterruptibly();
      deliveries.execute(
          () -> {
            try {
              deliver(delivery);
            } finally {
              slots.release();
              wake();
            }
          });
    }
    return due.size();
  }

  private void deliver(Delivery delivery) {
    Target target = targets.get(delivery.webhook()); // claimed for one of them
    Instant now = clock.instant();
    long timestamp = now.getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(target.url())
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .header("webhook-id", delivery.eventId())
            .header("webhook-timestamp", Long.toString(timestamp))
            .header(
                "webhook-signature",
                target.signer().get().sign(delivery.eventId(), timestamp, delivery.body()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
            .build();
    int status;
    Optional<Duration> retryAfter;
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      retryAfter =
          response
              .headers()
              .firstValue("Retry-After")
              .flatMap(value -> RetryPolicy.parseRetryAfter(value, clock.instant()));
    } catch (IOException e) {
      failed(delivery, target, e.getClass().getSimpleName(), Optional.empty());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // shutting down: the lease runs out and the event is delivered later
    }
    try {
      if (status >= 200 && status < 300) {
        outbox.delivered(delivery.id());
        target.metrics().delivery(GatewayMetrics.Delivery.DELIVERED);
        log.debug(
            "delivered event {} of {}",
            v("eventId", delivery.eventId()),
            v("webhook", delivery.webhook()));
      } else if (status == 410) {
        outbox.disable(delivery.webhook());
        // Due again at once, to go out as soon as forwarding is enabled again.
        outbox.retryAt(delivery.id(), clock.instant(), delivery.attempts() + 1);
        target.metrics().delivery(GatewayMetrics.Delivery.DISABLED);
        target.metrics().forwardingDisabled(true);
        log.warn(
            "{} answered 410 Gone: forwarding of webhook {} is disabled until an admin enables it"
                + " (POST /forwarding/{}/enable); undelivered events stay in the outbox",
            target.url(),
            v("webhook", delivery.webhook()),
            delivery.webhook());
      } else {
        failed(delivery, target, "HTTP " + status, retryAfter);
      }
    } catch (SQLException e) {
      log.warn(
          "delivery of event {} of {} answered {} but its outcome was not stored (SQLState {});"
              + " it is tried again when its lease ends",
          v("eventId", delivery.eventId()),
          v("webhook", delivery.webhook()),
          status,
          e.getSQLState());
    }
  }

  private void failed(Delivery delivery, Target target, String why, Optional<Duration> retryAfter) {
    int attempts = delivery.attempts() + 1;
    Duration delay = retry.delay(attempts, retryAfter);
    target.metrics().delivery(GatewayMetrics.Delivery.RETRY);
    log.info(
        "delivery of event {} of {} failed ({}), attempt {}; next in {} s",
        v("eventId", delivery.eventId()),
        v("webhook", delivery.webhook()),
        why,
        attempts,
        delay.toMillis() / 1000.0);
    try {
      outbox.retryAt(delivery.id(), clock.instant().plus(delay), attempts);
    } catch (SQLException e) {
      log.warn(
          "could not schedule the retry of event {} of {} (SQLState {}); it is tried again when"
              + " its lease ends",
          v("eventId", delivery.eventId()),
          v("webhook", delivery.webhook()),
          e.getSQLState());
    }
  }

  /**
   * Stops claiming and waits up to {@code grace} for deliveries in flight; any still running are
   * abandoned to their leases.
   */
  public void close(Duration grace) {
    running = false;
    wake();
    try {
      loop.join(grace.toMillis() + 1);
      deliveries.shutdown();
      if (!deliveries.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        deliveries.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deliveries.shutdownNow();
    }
    client.close();
  }

  @Override
  public void close() {
    close(settings.requestTimeout());
  }
}
