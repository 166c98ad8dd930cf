package dev.rampart.billing.http;

import static net.logstash.logback.argument.StructuredArguments.v;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.rampart.billing.authn.AdminAuthentication;
import dev.rampart.billing.authn.SigningKeysUnavailableException;
import dev.rampart.billing.authn.TokenRejectedException;
import dev.rampart.billing.authz.AdminAction;
import dev.rampart.billing.authz.AdminAuthorization;
import dev.rampart.billing.authz.PolicyUnavailableException;
import dev.rampart.billing.config.AdminCredential;
import dev.rampart.billing.forward.Forwarder;
import dev.rampart.billing.ledger.AdjustmentKind;
import dev.rampart.billing.ledger.AdjustmentRefusedException;
import dev.rampart.billing.ledger.Adjustments;
import dev.rampart.billing.ledger.ApprovalResult;
import dev.rampart.billing.ledger.Drift;
import dev.rampart.billing.ledger.Reconciliation;
import dev.rampart.billing.metrics.GatewayMetrics;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API (its own port, not exposed by the Service): credits and refunds under dual
 * approval, reconciliation against a processor report, and forwarding enabled again after the
 * tenant's application answered 410 Gone. Every request carries {@code Authorization: Bearer
 * <token>}, a static admin token or an access token of the tenant's realm, which names the caller
 * ({@link AdminAuthentication}). A call that changes something is then authorized ({@link
 * AdminAuthorization}, the tenant's policy when one is configured) before anything is read or
 * written. Answers are JSON; refusals are {@code {"error": "..."}} with a 4xx (or, without a
 * database or a policy decision, 503) status.
 */
final class AdminApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final Pattern ADJUSTMENT = Pattern.compile("/adjustments/([0-9]{1,18})");
  private static final Pattern APPROVALS = Pattern.compile("/adjustments/([0-9]{1,18})/approvals");
  private static final Pattern ENABLE_FORWARDING = Pattern.compile("/forwarding/([^/]+)/enable");
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

  private final AdminAuthentication authentication;
  private final AdminAuthorization authorization;
  private final GatewayMetrics.Admin adminMetrics;
  private final Adjustments adjustments;
  private final Reconciliation reconciliation;
  private final Forwarder forwarder;
  private final Map<String, GatewayMetrics.Webhook> metrics;
  private final List<String> adjustable;

  /**
   * @param metrics every webhook's meters, by name
   * @param adjustable the webhooks with {@code adjustments}
   */
  AdminApi(
      AdminAuthentication authentication,
      AdminAuthorization authorization,
      GatewayMetrics.Admin adminMetrics,
      Adjustments adjustments,
      Reconciliation reconciliation,
      Forwarder forwarder,
      Map<String, GatewayMetrics.Webhook> metrics,
      List<String> adjustable) {
    this.authentication = authentication;
    this.authorization = authorization;
    this.adminMetrics = adminMetrics;
    this.adjustments = adjustments;
    this.reconciliation = reconciliation;
    this.forwarder = forwarder;
    this.metrics = Map.copyOf(metrics);
    this.adjustable = List.copyOf(adjustable);
  }

  /** A refusal with its status and message. */
  private static final class Refusal extends Exception {
    final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      AdminCredential caller;
      try {
        caller =
            authentication.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
      } catch (TokenRejectedException e) {
        // Why is for the operator alone: the caller learns nothing that helps forge a token.
        adminMetrics.tokenRejected(e.reason());
        log.debug(
            "admin request without a valid bearer token: {} ({})",
            v("reason", e.reason().label()),
            e.getMessage());
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        error(exchange, 401, "a valid admin bearer token is required");
        return;
      } catch (SigningKeysUnavailableException e) {
        // JwksKeys warns of the failed fetch, once per attempt: not once per request.
        adminMetrics.signingKeysUnavailable();
        log.debug("admin request refused for now: {}", e.getMessage());
        error(
            exchange,
            503,
            "the identity provider's signing keys could not be fetched; nothing was done, try again");
        return;
      }
      try {
        route(exchange, caller);
      } catch (Refusal e) {
        error(exchange, e.status, e.getMessage());
      } catch (SQLException e) {
        log.warn(
            "admin request by {}: ledger unavailable (SQLState {})",
            v("admin", caller.name()),
            v("sqlState", e.getSQLState()));
        error(exchange, 503, "the ledger database is unavailable; try again");
      } catch (RuntimeException e) {
        log.error("admin request by {} failed", v("admin", caller.name()), e);
        if (exchange.getResponseCode() == -1) {
          error(exchange, 500, "internal error; see the gateway's log");
        }
      }
    }
  }

  private void route(HttpExchange exchange, AdminCredential caller)
      throws IOException, Refusal, SQLException {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    Matcher adjustment = ADJUSTMENT.matcher(path);
    Matcher approvals = APPROVALS.matcher(path);
    Matcher enableForwarding = ENABLE_FORWARDING.matcher(path);
    if (path.equals("/adjustments")) {
      requireMethod(method, "POST");
      authorize(caller, AdminAction.CREATE_ADJUSTMENT);
      requestAdjustment(exchange, caller.name());
    } else if (approvals.matches()) {
      requireMethod(method, "POST");
      authorize(caller, AdminAction.APPROVE_ADJUSTMENT);
      approve(exchange, caller.name(), Long.parseLong(approvals.group(1)));
    } else if (adjustment.matches()) {
      requireMethod(method, "GET");
      show(exchange, Long.parseLong(adjustment.group(1)));
    } else if (path.equals("/reconciliations")) {
      requireMethod(method, "POST");
      reconcile(exchange, caller.name());
    } else if (enableForwarding.matches()) {
      requireMethod(method, "POST");
      authorize(caller, AdminAction.ENABLE_FORWARDING);
      enableForwarding(exchange, caller.name(), enableForwarding.group(1));
    } else {
      throw new Refusal(404, "no such resource: " + path);
    }
  }

  /**
   * Refuses the call unless {@link #authorization} allows it: before the body is read, so that a
   * caller the policy refuses learns nothing about the resource, and nothing is written.
   */
  private void authorize(AdminCredential caller, AdminAction action) throws Refusal {
    boolean allowed;
    try {
      allowed = authorization.allows(caller, action);
    } catch (PolicyUnavailableException e) {
      adminMetrics.policyUnavailable(action);
      log.warn(
          "admin {} may not {} {} for now: {}",
          v("admin", caller.name()),
          v("action", action.action()),
          v("resource", action.resourceType()),
          e.getMessage());
      throw new Refusal(
          503, "the tenant's policy decision point did not answer; nothing was done, try again");
    }
    if (!allowed) {
      adminMetrics.denied(action);
      log.warn(
          "admin {} may not {} {}: refused by the tenant's policy",
          v("admin", caller.name()),
          v("action", action.action()),
          v("resource", action.resourceType()));
      throw new Refusal(
          403,
          "the tenant's policy does not allow action %s on %s"
              .formatted(action.action(), action.resourceType()));
    }
  }

  private static void requireMethod(String method, String allowed) throws Refusal {
    if (!allowed.equals(method)) {
      throw new Refusal(405, "use " + allowed);
    }
  }

  private void requestAdjustment(HttpExchange exchange, String caller)
      throws IOException, Refusal, SQLException {
    JsonNode body = readObject(exchange);
    String webhook = webhook(body, adjustable, "has adjustments");
    AdjustmentKind kind =
        switch (text(body, "kind")) {
          case "credit" -> AdjustmentKind.CREDIT;
          case "refund" -> AdjustmentKind.REFUND;
          default -> throw new Refusal(422, "kind: must be credit or refund");
        };
    String account = text(body, "account");
    long amount = wholeNumber(body, "amount");
    String currency = text(body, "currency");
    String reason = text(body, "reason");
    long id;
    try {
      id = adjustments.request(webhook, kind, caller, account, amount, currency, reason);
    } catch (AdjustmentRefusedException e) {
      throw refusal(e);
    }
    log.info(
        "admin {} requested {} adjustment {} of {} {} for {} on webhook {}",
        v("admin", caller),
        v("kind", kind.name().toLowerCase(Locale.ROOT)),
        v("adjustment", id),
        v("amountMinorUnits", amount),
        v("currency", currency.toUpperCase(Locale.ROOT)),
        v("account", account),
        v("webhook", webhook));
    exchange.getResponseHeaders().set("Location", "/adjustments/" + id);
    ObjectNode created = JSON.createObjectNode();
    created.put("id", id);
    created.put("status", "awaiting_approval");
    created.put("approvalsNeeded", 2);
    json(exchange, 201, created);
  }

  private void approve(HttpExchange exchange, String caller, long id)
      throws IOException, Refusal, SQLException {
    ApprovalResult result;
    try {
      result = adjustments.approve(id, caller);
    } catch (AdjustmentRefusedException e) {
      throw refusal(e);
    }
    log.info(
        "admin {} approved adjustment {}: {}",
        v("admin", caller),
        v("adjustment", id),
        v("result", result));
    switch (result) {
      case ALREADY_APPROVED ->
          throw new Refusal(
              409,
              caller + " has already approved adjustment " + id + "; a second approver is needed");
      case ALREADY_POSTED -> throw new Refusal(409, "adjustment " + id + " is already posted");
      case AWAITING_SECOND_APPROVAL, POSTED -> {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", id);
        answer.put(
            "status", result == ApprovalResult.POSTED ? "posted" : "awaiting_second_approval");
        json(exchange, 200, answer);
      }
    }
  }

  private void show(HttpExchange exchange, long id) throws IOException, Refusal, SQLException {
    Adjustments.Adjustment adjustment =
        adjustments.find(id).orElseThrow(() -> new Refusal(404, "no adjustment " + id));
    ObjectNode answer = JSON.createObjectNode();
    answer.put("id", adjustment.id());
    answer.put("webhook", adjustment.webhook());
    answer.put("kind", adjustment.kind().name().toLowerCase(Locale.ROOT));
    answer.put("account", adjustment.reference());
    answer.put("amount", adjustment.amountMinorUnits());
    answer.put("currency", adjustment.currency());
    answer.put("reason", adjustment.reason());
    answer.put("requestedBy", adjustment.requester());
    answer.put("requestedAt", adjustment.requestedAt());
    adjustment.approvers().forEach(answer.putArray("approvedBy")::add);
    answer.put(
        "status",
        adjustment.posted()
            ? "posted"
            : adjustment.approvers().isEmpty() ? "awaiting_approval" : "awaiting_second_approval");
    json(exchange, 200, answer);
  }

  private void reconcile(HttpExchange exchange, String caller)
      throws IOException, Refusal, SQLException {
    JsonNode body = readObject(exchange);
    String webhook = webhook(body, List.copyOf(metrics.keySet()), "is served here");
    String account = text(body, "account");
    JsonNode balances = body.path("balances");
    if (!balances.isArray() || balances.isEmpty()) {
      throw new Refusal(422, "balances: must be a non-empty array of {\"amount\", \"currency\"}");
    }
    Map<String, Long> reported = new TreeMap<>();
    for (int i = 0; i < balances.size(); i++) {
      JsonNode balance = balances.get(i);
      String at = "balances[" + i + "]";
      JsonNode amount = balance.path("amount");
      String currency = balance.path("currency").textValue();
      if (!amount.isIntegralNumber() || !amount.canConvertToLong()) {
        throw new Refusal(422, at + ".amount: must be a whole number of minor units");
      }
      if (currency == null || !CURRENCY.matcher(currency).matches()) {
        throw new Refusal(422, at + ".currency: must be a three-letter ISO 4217 code");
      }
      if (reported.put(currency.toUpperCase(Locale.ROOT), amount.longValue()) != null) {
        throw new Refusal(422, at + ".currency: " + currency + " is listed twice");
      }
    }
    List<Drift> drifts = reconciliation.compare(account, reported);
    Map<String, Long> differences = new TreeMap<>();
    reported.keySet().forEach(currency -> differences.put(currency, 0L));
    drifts.forEach(drift -> differences.put(drift.currency(), drift.difference()));
    metrics.get(webhook).reconciled(account, differences);
    log.info(
        "admin {} reconciled {}: {} drifting currencies",
        v("admin", caller),
        v("account", account),
        drifts.size());
    for (Drift drift : drifts) {
      log.warn(
          "ledger balance of {} in {} is {} but the processor reports {} (drift {})",
          v("account", account),
          v("currency", drift.currency()),
          v("ledgerMinorUnits", drift.ledgerMinorUnits()),
          v("reportedMinorUnits", drift.reportedMinorUnits()),
          v("driftMinorUnits", drift.difference()));
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.put("account", account);
    ArrayNode list = answer.putArray("drifts");
    for (Drift drift : drifts) {
      list.addObject()
          .put("currency", drift.currency())
          .put("ledgerMinorUnits", drift.ledgerMinorUnits())
          .put("reportedMinorUnits", drift.reportedMinorUnits())
          .put("difference", drift.difference());
    }
    json(exchange, 200, answer);
  }

  private void enableForwarding(HttpExchange exchange, String caller, String webhook)
      throws IOException, Refusal, SQLException {
    if (!forwarder.webhooks().contains(webhook)) {
      throw new Refusal(
          404,
          "no webhook "
              + webhook
              + " is forwarded by this gateway ("
              + String.join(", ", forwarder.webhooks().stream().sorted().toList())
              + ")");
    }
    boolean wasDisabled = forwarder.enable(webhook);
    log.info(
        "admin {} enabled forwarding of webhook {} (it was {})",
        v("admin", caller),
        v("webhook", webhook),
        wasDisabled ? "disabled" : "not disabled");
    ObjectNode answer = JSON.createObjectNode();
    answer.put("webhook", webhook);
    answer.put("forwarding", "enabled");
    answer.put("wasDisabled", wasDisabled);
    json(exchange, 200, answer);
  }

  /** The body's {@code webhook}, which may be left out when only one webhook qualifies. */
  private static String webhook(JsonNode body, List<String> candidates, String what)
      throws Refusal {
    JsonNode named = body.get("webhook");
    if (named == null || named.isNull()) {
      if (candidates.size() == 1) {
        return candidates.getFirst();
      }
      throw new Refusal(422, "webhook: required (one of " + String.join(", ", candidates) + ")");
    }
    if (!named.isTextual() || !candidates.contains(named.textValue())) {
      throw new Refusal(
          422,
          "webhook: must name a webhook that " + what + " (" + String.join(", ", candidates) + ")");
    }
    return named.textValue();
  }

  private static String text(JsonNode body, String field) throws Refusal {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw new Refusal(422, field + ": must be a non-empty string");
    }
    return value.textValue();
  }

  private static long wholeNumber(JsonNode body, String field) throws Refusal {
    JsonNode value = body.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new Refusal(422, field + ": must be a whole number of minor units");
    }
    return value.longValue();
  }

  private static JsonNode readObject(HttpExchange exchange) throws IOException, Refusal {
    byte[] bytes = Exchanges.readBody(exchange, MAX_BODY_BYTES);
    if (bytes == null) {
      throw new Refusal(413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode body;
    try {
      body = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new Refusal(400, "the body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw new Refusal(400, "the body must be a JSON object");
    }
    return body;
  }

  private static Refusal refusal(AdjustmentRefusedException e) {
    int status =
        switch (e) {
          case AdjustmentRefusedException.Unknown unknown -> 404;
          case AdjustmentRefusedException.SelfApproval self -> 403;
          case AdjustmentRefusedException.AboveCap cap -> 422;
          case AdjustmentRefusedException.Invalid invalid -> 422;
          case AdjustmentRefusedException.NotConfigured notConfigured -> 422;
        };
    return new Refusal(status, e.getMessage());
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    ObjectNode error = JSON.createObjectNode();
    error.put("error", message);
    json(exchange, status, error);
  }

  private static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
    Exchanges.respond(exchange, status, Exchanges.JSON, JSON.writeValueAsBytes(body));
  }
}
