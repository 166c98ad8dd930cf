package dev.rampart.operator.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** {@link Vault} over Vault's HTTP API with the JDK HTTP client. */
public final class VaultHttpClient implements Vault {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Enough for Vault's reasons, which are a sentence or two. */
  private static final int MAX_REASON = 300;

  private final HttpClient http;
  private final URI address;
  private VaultToken token = () -> null;
  private final Duration timeout;

  /**
   * @param tls trust for Vault's certificate, or null for the JDK's default trust
   */
  public VaultHttpClient(URI address, Duration timeout, SSLContext tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
    this.address = address;
    this.timeout = timeout;
  }

  private VaultHttpClient(HttpClient http, URI address, Duration timeout) {
    this.http = http;
    this.address = address;
    this.timeout = timeout;
  }

  /**
   * A client with no token yet that shares this one's connections and trust: for acting as another
   * identity (e.g. a tenant) without ever using this client's token.
   */
  public VaultHttpClient sharingConnection() {
    return new VaultHttpClient(http, address, timeout);
  }

  /** The token every request but a login carries. */
  public void useToken(VaultToken token) {
    this.token = token;
  }

  @Override
  public Optional<JsonNode> read(String path) {
    HttpResponse<String> response = authenticated("GET", path, null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    check("read", path, response);
    return Optional.ofNullable(parse(response.body()).get("data"));
  }

  /**
   * Like {@link #read}, but the whole answer (with {@code lease_id}, {@code lease_duration} and
   * {@code renewable} next to {@code data}), as dynamic secrets need.
   */
  public Optional<JsonNode> readResponse(String path) {
    HttpResponse<String> response = authenticated("GET", path, null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    check("read", path, response);
    return Optional.of(parse(response.body()));
  }

  @Override
  public JsonNode writeResponse(String path, Map<String, ?> body) {
    HttpResponse<String> response = authenticated("PUT", path, body);
    check("write", path, response);
    return parse(response.body());
  }

  @Override
  public void write(String path, Map<String, ?> body) {
    check("write", path, authenticated("POST", path, body));
  }

  @Override
  public void writeConfiguration(String path, Map<String, ?> body) {
    HttpResponse<String> response = authenticated("POST", path, body);
    if (response.statusCode() >= 300) {
      throw new VaultException(
          failure("write", path, response) + reasons(response.body()), response.statusCode());
    }
  }

  @Override
  public void delete(String path) {
    HttpResponse<String> response = authenticated("DELETE", path, null);
    if (response.statusCode() != 404) {
      check("delete", path, response);
    }
  }

  @Override
  public List<String> list(String path) {
    HttpResponse<String> response = authenticated("LIST", path, null);
    if (response.statusCode() == 404) {
      return List.of();
    }
    check("list", path, response);
    List<String> keys = new ArrayList<>();
    parse(response.body()).path("data").path("keys").forEach(k -> keys.add(k.asText()));
    return keys;
  }

  /** Logs in without a token (e.g. kubernetes auth) and returns the response's {@code auth}. */
  public JsonNode login(String path, Map<String, ?> body) {
    HttpResponse<String> response = send("POST", path, body, null);
    check("login", path, response);
    return parse(response.body()).get("auth");
  }

  /** Sends with the current token; a refused token is renewed once, then the refusal stands. */
  private HttpResponse<String> authenticated(String method, String path, Map<String, ?> body) {
    HttpResponse<String> response = send(method, path, body, token.get());
    if (response.statusCode() == 403) {
      token.invalidate();
      response = send(method, path, body, token.get());
    }
    return response;
  }

  private HttpResponse<String> send(String method, String path, Map<String, ?> body, String as) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(address.resolve("/v1/" + path)).timeout(timeout);
    if (as != null) {
      request.header("X-Vault-Token", as);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(toJson(body)));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new VaultException(method + " " + path + " could not reach Vault", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultException(method + " " + path + " was interrupted", e);
    }
  }

  private static void check(String what, String path, HttpResponse<String> response) {
    if (response.statusCode() >= 300) {
      throw new VaultException(failure(what, path, response), response.statusCode());
    }
  }

  private static String failure(String what, String path, HttpResponse<String> response) {
    return "Vault " + what + " " + path + " failed with HTTP " + response.statusCode();
  }

  /** Vault's {@code errors}, on one line and cut short: ": reason; reason", or nothing. */
  private static String reasons(String body) {
    List<String> errors = new ArrayList<>();
    try {
      JSON.readTree(body).path("errors").forEach(error -> errors.add(error.asText()));
    } catch (JsonProcessingException e) {
      return "";
    }
    String joined = String.join("; ", errors).replaceAll("\\p{Cntrl}+", " ").strip();
    if (joined.isEmpty()) {
      return "";
    }
    return ": " + (joined.length() > MAX_REASON ? joined.substring(0, MAX_REASON) + "…" : joined);
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new VaultException("Vault answered with malformed JSON", 0);
    }
  }

  private static String toJson(Map<String, ?> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise a Vault request body", e);
    }
  }
}
