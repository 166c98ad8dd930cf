package dev.rampart.billing.gateway;

import dev.rampart.localcp.LocalPostgres;
import dev.rampart.localcp.Servers;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the gateway's integration tests, shared by the test JVM: one empty database
 * per gateway, owned by an ordinary role as in production. The gateway migrates it.
 */
final class TestLedgers {

  static final String ROLE = "gateway";
  static final String ROLE_PASSWORD = randomHex();

  private static final AtomicInteger databases = new AtomicInteger();
  private static LocalPostgres shared;

  private TestLedgers() {}

  static synchronized LocalPostgres server() {
    if (shared == null) {
      shared = LocalPostgres.start(Servers.fromCache());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
      try (Connection admin = superuser("postgres");
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE_PASSWORD + "'");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return shared;
  }

  /** A new empty database owned by {@link #ROLE}; returns its name. */
  static String newDatabase() {
    String name = "gateway_" + databases.incrementAndGet();
    try (Connection admin = superuser("postgres");
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " OWNER " + ROLE);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }

  static String jdbcUrl(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?sslmode=disable";
  }

  static Connection superuser(String database) throws SQLException {
    LocalPostgres server = server();
    Properties credentials = new Properties();
    credentials.setProperty("user", LocalPostgres.SUPERUSER);
    credentials.setProperty("password", server.superuserPassword());
    return DriverManager.getConnection(jdbcUrl(server.port(), database), credentials);
  }

  /** The single long a query returns, run as the superuser on {@code database}. */
  static long queryLong(String database, String sql, Object... parameters) {
    try (Connection connection = superuser(database);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomHex() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
