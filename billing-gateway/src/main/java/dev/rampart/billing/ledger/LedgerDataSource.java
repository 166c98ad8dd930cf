package dev.rampart.billing.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.Objects;

/**
 * The gateway's connection pool to the ledger database. The password goes only into the pool's
 * credentials, never into the URL, so neither HikariCP's nor the driver's messages can show it.
 */
public final class LedgerDataSource {

  /** Connections per gateway; PostgreSQL's default max_connections allows ten gateways. */
  public static final int POOL_SIZE = 10;

  private LedgerDataSource() {}

  /**
   * Opens a pool and one connection, so that a wrong URL or credentials fail here, at start.
   *
   * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL or carries a
   *     password
   */
  public static HikariDataSource create(String url, String username, String password) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "the ledger database URL must start with jdbc:postgresql:");
    }
    if (url.toLowerCase(Locale.ROOT).contains("password=")) {
      // Named, never echoed: the URL ends up in logs and error messages.
      throw new IllegalArgumentException(
          "the ledger database URL must not carry a password; it is read from its own file");
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("ledger");
    config.setJdbcUrl(url);
    config.setUsername(username);
    config.setPassword(password);
    config.setMaximumPoolSize(POOL_SIZE);
    // A webhook request waits at most this long for a connection before it is answered 503.
    config.setConnectionTimeout(5_000);
    config.setValidationTimeout(2_000);
    config.addDataSourceProperty("ApplicationName", "rampart-billing-gateway");
    config.addDataSourceProperty("connectTimeout", "5");
    // Bounds a request stuck on a dead server; no ledger statement runs anywhere near this long.
    config.addDataSourceProperty("socketTimeout", "30");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    return new HikariDataSource(config);
  }
}
