package dev.rampart.billing.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Reading requests and writing responses on the JDK's HTTP server. */
final class Exchanges {

  static final String JSON = "application/json";

  private Exchanges() {}

  /**
   * The request body, or {@code null} when it is longer than {@code maxBytes}: a declared length
   * over the cap is refused before reading, and at most {@code maxBytes + 1} bytes are ever read.
   */
  static byte[] readBody(HttpExchange exchange, int maxBytes) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > maxBytes) {
          return null;
        }
      } catch (NumberFormatException e) {
        // Unreachable in practice (the server answers 400 to a malformed length); the capped read
        // below still holds.
      }
    }
    InputStream in = exchange.getRequestBody();
    byte[] body = in.readNBytes(maxBytes + 1);
    return body.length > maxBytes ? null : body;
  }

  /**
   * Answers with {@code body}, or with none to a HEAD request (the JDK's server warns otherwise).
   */
  static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (body.length == 0 || "HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A fixed answer with no detail, for requests that are refused. */
  static void refuse(HttpExchange exchange, int status) throws IOException {
    respond(exchange, status, JSON, "{\"status\":" + status + "}\n");
  }

  static void methodNotAllowed(HttpExchange exchange, String allow) throws IOException {
    exchange.getResponseHeaders().set("Allow", allow);
    refuse(exchange, 405);
  }
}
