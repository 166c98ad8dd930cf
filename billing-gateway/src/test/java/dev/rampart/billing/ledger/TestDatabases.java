package dev.rampart.billing.ledger;

import com.zaxxer.hikari.HikariDataSource;
import dev.rampart.localcp.LocalPostgres;
import dev.rampart.localcp.Servers;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ledger databases for integration tests: a real PostgreSQL shared by the test JVM, one freshly
 * migrated database per test class, owned by an ordinary (not superuser) role as in production.
 */
final class TestDatabases {

  static final String ROLE = "ledger";
  static final String ROLE_PASSWORD = randomHex();

  private static final AtomicInteger databases = new AtomicInteger();
  private static LocalPostgres shared;

  private TestDatabases() {}

  /** The shared server, started on first use and stopped when the JVM exits. */
  static synchronized LocalPostgres server() {
    if (shared == null) {
      shared = LocalPostgres.start(Servers.fromCache());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
      createRole(shared);
    }
    return shared;
  }

  /** A new, migrated database on the shared server, through the gateway's own pool. */
  static HikariDataSource newLedger() {
    return newLedger(server());
  }

  /** A new, migrated database on {@code server}, whose role {@link #createRole} made. */
  static HikariDataSource newLedger(LocalPostgres server) {
    String name = "ledger_" + databases.incrementAndGet();
    try (Connection admin = superuser(server);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " OWNER " + ROLE);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    HikariDataSource dataSource =
        LedgerDataSource.create(
            "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name,
            ROLE,
            ROLE_PASSWORD);
    LedgerDatabase.migrate(dataSource);
    return dataSource;
  }

  static void createRole(LocalPostgres server) {
    try (Connection admin = superuser(server);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE_PASSWORD + "'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection superuser(LocalPostgres server) throws SQLException {
    Properties credentials = new Properties();
    credentials.setProperty("user", LocalPostgres.SUPERUSER);
    credentials.setProperty("password", server.superuserPassword());
    return DriverManager.getConnection(server.jdbcUrl(), credentials);
  }

  private static String randomHex() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
