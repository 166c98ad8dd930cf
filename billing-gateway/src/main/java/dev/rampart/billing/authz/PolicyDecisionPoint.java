package dev.rampart.billing.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.billing.config.AdminCredential;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's policy decision point: OPA serving Rampart's policy bundle, asked over its data API
 * for {@code data.rampart.authz.allow}. Only an answer of {@code {"result": true}} allows; any
 * other answer refuses, and no answer at all ({@link PolicyUnavailableException}) refuses too.
 */
public final class PolicyDecisionPoint implements AdminAuthorization, AutoCloseable {

  static final String DECISION_PATH = "/v1/data/rampart/authz/allow";

  /** Admin resources carry no owner, department or region; billing data is confidential. */
  static final String SENSITIVITY = "confidential";

  private static final Logger log = LoggerFactory.getLogger(PolicyDecisionPoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI decision;
  private final String tenant;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param url the decision point's base URL, without a trailing {@code /}
   * @param tenant the tenant of the callers and of the resources
   * @param timeout the longest wait for an answer, connecting included
   */
  public PolicyDecisionPoint(URI url, String tenant, Duration timeout) {
    this.decision = URI.create(url + DECISION_PATH);
    this.tenant = tenant;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public URI decision() {
    return decision;
  }

  public String tenant() {
    return tenant;
  }

  @Override
  public boolean allows(AdminCredential caller, AdminAction action)
      throws PolicyUnavailableException {
    HttpRequest request =
        HttpRequest.newBuilder(decision)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(caller, action)))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PolicyUnavailableException(
          "no answer from " + decision + " (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyUnavailableException("interrupted while asking " + decision, e);
    }
    if (response.statusCode() != 200) {
      // Refused like a "no", but worth an operator's look: OPA answers 200 to every query it can
      // evaluate, so another status means a broken bundle or a wrong URL.
      log.warn(
          "the policy decision point at {} answered {}; refusing {}",
          decision,
          response.statusCode(),
          action);
      return false;
    }
    return allowed(response.body());
  }

  /** {@code {"result": true}} exactly: a missing result (undefined rule) or anything else is no. */
  static boolean allowed(byte[] answer) {
    try {
      JsonNode result = JSON.readTree(answer).path("result");
      return result.isBoolean() && result.booleanValue();
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code {"input": ...}} as Rampart's policy reads it (README, "Admin API"). */
  byte[] requestBody(AdminCredential caller, AdminAction action) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode input = body.putObject("input");
    // The token's roles and groups (a static token has none); the policy's data binds more to
    // the caller's name and groups.
    ObjectNode principal = input.putObject("principal");
    principal.put("id", caller.name());
    principal.put("tenant", tenant);
    caller.roles().forEach(principal.putArray("roles")::add);
    caller.groups().forEach(principal.putArray("groups")::add);
    principal.put("department", "");
    principal.put("region", "");
    input.put("action", action.action());
    ObjectNode resource = input.putObject("resource");
    resource.put("tenant", tenant);
    resource.put("type", action.resourceType());
    resource.put("owner", "");
    resource.put("department", "");
    resource.put("region", "");
    resource.put("sensitivity", SENSITIVITY);
    ObjectNode context = input.putObject("context");
    caller.amr().forEach(context.putArray("amr")::add);
    context.put("acr", caller.acr().orElse(""));
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a policy query", e);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
