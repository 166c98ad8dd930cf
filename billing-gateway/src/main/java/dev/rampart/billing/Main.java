package dev.rampart.billing;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.rampart.billing.config.ConfigException;
import dev.rampart.billing.config.ConfigReader;
import dev.rampart.billing.config.GatewayConfig;
import dev.rampart.billing.http.Gateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts the billing gateway from {@code BILLING_GATEWAY_CONFIG} and {@code
 * BILLING_GATEWAY_SECRETS_DIR}, logging JSON lines on stdout; stops it cleanly on SIGTERM. Exits 2
 * on an invalid configuration or secret, 1 when the gateway cannot start (database unreachable,
 * port taken).
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  static final String DEFAULT_CONFIG = "/etc/rampart/billing/config/gateway.json";
  static final String DEFAULT_SECRETS_DIR = "/etc/rampart/billing/secrets";

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    // What the JDK and the PostgreSQL driver log through java.util.logging is written by logback
    // too, as JSON, instead of as plain text on stderr.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Map<String, String> env = System.getenv();
    Path configFile = Path.of(env.getOrDefault("BILLING_GATEWAY_CONFIG", DEFAULT_CONFIG));
    Path secretsDir = Path.of(env.getOrDefault("BILLING_GATEWAY_SECRETS_DIR", DEFAULT_SECRETS_DIR));
    // The JDK server's limits on slow clients (seconds); read once, when its first server starts.
    System.setProperty(
        "sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
    System.setProperty(
        "sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));

    Gateway gateway;
    try {
      GatewayConfig config = ConfigReader.read(configFile);
      gateway = Gateway.start(config, secretsDir, Gateway.Settings.defaults());
    } catch (ConfigException e) {
      log.error("{} ({}, secrets in {})", e.getMessage(), configFile, secretsDir);
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      log.error("the billing gateway could not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    log.info(
        "billing gateway listening: {} {} {}",
        kv("webhooksPort", gateway.webhooksPort()),
        kv("adminPort", gateway.adminPort()),
        kv("managementPort", gateway.managementPort()));
    String portsFile = env.get("BILLING_GATEWAY_PORTS_FILE");
    if (portsFile != null && !portsFile.isBlank()) {
      writePorts(Path.of(portsFile), gateway);
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping the billing gateway");
                  gateway.close();
                  stopped.countDown();
                },
                "billing-gateway-shutdown"));
    stopped.await();
  }

  /** {@code name=port} lines, written whole (a reader never sees half a file). */
  private static void writePorts(Path file, Gateway gateway) {
    String ports =
        "webhooks=%d%nadmin=%d%nmanagement=%d%n"
            .formatted(gateway.webhooksPort(), gateway.adminPort(), gateway.managementPort());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.writeString(partial, ports);
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log.error("could not write the ports to {}: {}", file, e.toString());
      gateway.close();
      System.exit(1);
    }
  }
}
