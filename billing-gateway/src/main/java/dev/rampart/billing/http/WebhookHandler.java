package dev.rampart.billing.http;

import static net.logstash.logback.argument.StructuredArguments.v;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.rampart.billing.config.GatewayConfig;
import dev.rampart.billing.event.EventIdentity;
import dev.rampart.billing.ledger.CardData;
import dev.rampart.billing.ledger.Drift;
import dev.rampart.billing.ledger.Ledger;
import dev.rampart.billing.ledger.Posting;
import dev.rampart.billing.ledger.PostingRules;
import dev.rampart.billing.ledger.Reconciliation;
import dev.rampart.billing.ledger.RecordResult;
import dev.rampart.billing.ledger.RefusedEventException;
import dev.rampart.billing.metrics.GatewayMetrics;
import dev.rampart.billing.metrics.GatewayMetrics.Outcome;
import dev.rampart.billing.verify.Provider;
import dev.rampart.billing.verify.RefusalReason;
import dev.rampart.billing.verify.Refused;
import dev.rampart.billing.verify.Verification;
import dev.rampart.billing.verify.Verified;
import dev.rampart.billing.verify.WebhookVerifier;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook's endpoint. Per request: size cap, signature over the raw bytes, no card data, JSON,
 * event identity, postings, reconciliation, then one ledger transaction; 200 only after it
 * committed (a duplicate is 200 too, posted once). Refusals get a fixed body without detail and
 * store nothing; the payload is never logged.
 */
final class WebhookHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

  static final String CARD_DATA = "card_data";
  static final String INVALID_JSON = "invalid_json";
  static final String INVALID_EVENT = "invalid_event";

  /** Every reason the rejection counter can show, so that each starts at 0. */
  static List<String> reasons() {
    List<String> reasons = new ArrayList<>();
    for (RefusalReason reason : RefusalReason.values()) {
      reasons.add(reason.label());
    }
    reasons.addAll(List.of(CARD_DATA, INVALID_JSON, INVALID_EVENT));
    for (RefusedEventException.Reason reason : RefusedEventException.Reason.values()) {
      String label = reason.name().toLowerCase(Locale.ROOT);
      if (!reasons.contains(label)) {
        reasons.add(label);
      }
    }
    return reasons;
  }

  private final GatewayConfig.Webhook config;
  private final Supplier<WebhookVerifier> verifier;
  private final PostingRules postings;
  private final Optional<JsonPointer> balances;
  private final Ledger ledger;
  private final Reconciliation reconciliation;
  private final Runnable recorded;
  private final GatewayMetrics.Webhook metrics;
  private final Clock clock;

  /**
   * @param recorded called after an event with a delivery was committed (wakes the forwarder)
   */
  WebhookHandler(
      GatewayConfig.Webhook config,
      Supplier<WebhookVerifier> verifier,
      PostingRules postings,
      Ledger ledger,
      Reconciliation reconciliation,
      Runnable recorded,
      GatewayMetrics.Webhook metrics,
      Clock clock) {
    this.config = config;
    this.verifier = verifier;
    this.postings = postings;
    this.balances = config.reconciliation().map(r -> JsonPointer.compile(r.balances()));
    this.ledger = ledger;
    this.reconciliation = reconciliation;
    this.recorded = recorded;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    Outcome outcome = Outcome.ERROR;
    try {
      outcome = process(exchange);
    } catch (RuntimeException e) {
      log.error("webhook {}: unexpected failure", v("webhook", config.name()), e);
      if (exchange.getResponseCode() == -1) {
        Exchanges.refuse(exchange, 500);
      }
    } finally {
      exchange.close();
      metrics.duration(outcome, System.nanoTime() - start);
    }
  }

  private Outcome process(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getRawPath().equals(config.path())) {
      Exchanges.refuse(exchange, 404);
      return Outcome.REJECTED;
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      Exchanges.methodNotAllowed(exchange, "POST");
      return Outcome.REJECTED;
    }
    byte[] body = Exchanges.readBody(exchange, config.maxBodyBytes());
    if (body == null) {
      return reject(exchange, 413, RefusalReason.OVERSIZED.label());
    }
    Verification verification =
        verifier
            .get()
            .verify(name -> exchange.getRequestHeaders().getFirst(name), body, clock.instant());
    if (verification instanceof Refused(RefusalReason reason)) {
      int status =
          switch (reason) {
            case FORGED -> 401;
            case OVERSIZED -> 413;
            case MISSING_SIGNATURE, MALFORMED_SIGNATURE, STALE, FUTURE -> 400;
          };
      return reject(exchange, status, reason.label());
    }
    metrics.verified();
    // Before parsing: card data is refused without being decoded, stored or logged.
    if (CardData.containsPan(body)) {
      log.warn("webhook {}: refused an event that carries card data", v("webhook", config.name()));
      return reject(exchange, 422, CARD_DATA);
    }
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (IOException e) {
      return reject(exchange, 422, INVALID_JSON);
    }
    if (event == null || !event.isObject()) {
      return reject(exchange, 422, INVALID_JSON);
    }
    String eventId =
        config.provider() == Provider.STRIPE
            ? event.path("id").textValue()
            : ((Verified) verification).webhookId();
    String eventType = event.path("type").textValue();
    if (!EventIdentity.isValid(eventId) || !EventIdentity.isValid(eventType)) {
      // Neither is logged: they may be missing, huge, or hold NULs and control characters.
      log.warn(
          "webhook {}: refused an event whose id or type is missing or not {}",
          v("webhook", config.name()),
          EventIdentity.RULE);
      return reject(exchange, 422, INVALID_EVENT);
    }
    try {
      List<Posting> entries = postings.postings(eventType, event);
      if (balances.isPresent() && eventType.equals(config.reconciliation().get().eventType())) {
        Map<String, Long> reported = reportedBalances(event.at(balances.get()));
        if (reported == null) {
          log.warn(
              "webhook {}: {} event {} has no balances at {}",
              v("webhook", config.name()),
              v("eventType", eventType),
              v("eventId", eventId),
              config.reconciliation().get().balances());
          return reject(exchange, 422, INVALID_EVENT);
        }
        reconcile(reported);
      }
      RecordResult result =
          ledger.record(
              config.name(), eventId, eventType, body, entries, config.forward().isPresent());
      if (result == RecordResult.DUPLICATE) {
        metrics.duplicate();
        Exchanges.respond(exchange, 200, Exchanges.JSON, "{\"status\":\"duplicate\"}\n");
        return Outcome.DUPLICATE;
      }
      if (config.forward().isPresent()) {
        recorded.run();
      }
      log.debug(
          "webhook {}: recorded {} event {}",
          v("webhook", config.name()),
          v("eventType", eventType),
          v("eventId", eventId));
      Exchanges.respond(exchange, 200, Exchanges.JSON, "{\"status\":\"recorded\"}\n");
      return Outcome.RECORDED;
    } catch (RefusedEventException e) {
      // The message names the rule and pointer, never a value from the payload.
      log.warn(
          "webhook {}: refused event {}: {}",
          v("webhook", config.name()),
          v("eventId", eventId),
          e.getMessage());
      return reject(exchange, 422, e.reason().name().toLowerCase(Locale.ROOT));
    } catch (SQLException e) {
      // The driver's message can quote row values, so only the SQLState is logged.
      log.warn(
          "webhook {}: ledger unavailable for event {} (SQLState {}); answered 503",
          v("webhook", config.name()),
          v("eventId", eventId),
          v("sqlState", e.getSQLState()));
      Exchanges.refuse(exchange, 503);
      return Outcome.UNAVAILABLE;
    }
  }

  /** {@code [{"amount": n, "currency": "usd"}, ...]} by upper-case currency; null if malformed. */
  private static Map<String, Long> reportedBalances(JsonNode array) {
    if (!array.isArray()) {
      return null;
    }
    Map<String, Long> reported = new TreeMap<>();
    for (JsonNode balance : array) {
      JsonNode amount = balance.path("amount");
      String currency = balance.path("currency").textValue();
      if (!amount.isIntegralNumber()
          || !amount.canConvertToLong()
          || currency == null
          || !CURRENCY.matcher(currency).matches()
          || reported.put(currency.toUpperCase(Locale.ROOT), amount.longValue()) != null) {
        return null;
      }
    }
    return reported;
  }

  private void reconcile(Map<String, Long> reported) throws SQLException {
    String account = config.reconciliation().get().account();
    List<Drift> drifts = reconciliation.compare(account, reported);
    Map<String, Long> differences = new TreeMap<>();
    reported.keySet().forEach(currency -> differences.put(currency, 0L));
    for (Drift drift : drifts) {
      differences.put(drift.currency(), drift.difference());
      log.warn(
          "webhook {}: ledger balance of {} in {} is {} but the processor reports {} (drift {})",
          v("webhook", config.name()),
          v("account", account),
          v("currency", drift.currency()),
          v("ledgerMinorUnits", drift.ledgerMinorUnits()),
          v("reportedMinorUnits", drift.reportedMinorUnits()),
          v("driftMinorUnits", drift.difference()));
    }
    metrics.reconciled(account, differences);
  }

  private Outcome reject(HttpExchange exchange, int status, String reason) throws IOException {
    metrics.rejected(reason);
    Exchanges.refuse(exchange, status);
    return Outcome.REJECTED;
  }
}
