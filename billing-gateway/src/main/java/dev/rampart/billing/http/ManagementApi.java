package dev.rampart.billing.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.billing.metrics.GatewayMetrics;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The management port: {@code /metrics} (Prometheus text), {@code /healthz} (the process serves)
 * and {@code /readyz} (configuration loaded, database reachable, not shutting down).
 */
final class ManagementApi {

  private ManagementApi() {}

  static void register(HttpServer server, GatewayMetrics metrics, BooleanSupplier ready) {
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange) {
            Exchanges.respond(
                exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
          }
        });
    server.createContext("/healthz", exchange -> probe(exchange, () -> true));
    server.createContext("/readyz", exchange -> probe(exchange, ready));
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    try (exchange) {
      boolean ok = check.getAsBoolean();
      Exchanges.respond(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
    }
  }
}
