package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.rampart.localcp.LocalPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The database password never shows in a log record or an exception, with HikariCP and the driver
 * logging everything they can (the driver logs through java.util.logging).
 */
class LedgerDataSourceIT {

  private final ListAppender<ILoggingEvent> logback = new ListAppender<>();
  private final List<String> julRecords = new ArrayList<>();
  private final Handler jul =
      new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          julRecords.add(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Logger root;
  private Level hikariLevel;
  private java.util.logging.Logger driver;

  private LocalPostgres server;
  private String url;

  @BeforeEach
  void captureLogs() {
    server = TestDatabases.server();
    url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres";
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logback.start();
    root.addAppender(logback);
    Logger hikari = (Logger) LoggerFactory.getLogger("com.zaxxer.hikari");
    hikariLevel = hikari.getLevel();
    hikari.setLevel(Level.DEBUG);
    driver = java.util.logging.Logger.getLogger("org.postgresql");
    driver.setLevel(java.util.logging.Level.ALL);
    driver.addHandler(jul);
  }

  @AfterEach
  void restoreLogs() {
    root.detachAppender(logback);
    ((Logger) LoggerFactory.getLogger("com.zaxxer.hikari")).setLevel(hikariLevel);
    driver.removeHandler(jul);
    driver.setLevel(null);
  }

  @Test
  void aWrongPasswordFailsAtStartWithoutShowingIt() {
    String password = "wrong-" + TestDatabases.ROLE_PASSWORD;
    Throwable failure =
        catchThrowable(() -> LedgerDataSource.create(url, TestDatabases.ROLE, password));
    assertThat(failure).isNotNull();
    assertThat(stackTrace(failure))
        .contains("password authentication failed")
        .doesNotContain(password);
    assertThat(logs()).isNotEmpty().noneMatch(line -> line.contains(password));
  }

  @Test
  void theConfigurationIsLoggedWithThePasswordMasked() throws Exception {
    try (HikariDataSource dataSource =
            LedgerDataSource.create(url, TestDatabases.ROLE, TestDatabases.ROLE_PASSWORD);
        Connection connection = dataSource.getConnection()) {
      assertThat(connection.isValid(2)).isTrue();
    }
    assertThat(logs())
        .anyMatch(line -> line.contains("<masked>"))
        .noneMatch(line -> line.contains(TestDatabases.ROLE_PASSWORD));
  }

  @Test
  void aUrlCarryingAPasswordIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                LedgerDataSource.create(
                    url + "?user=ledger&password=hunter2-secret", TestDatabases.ROLE, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("hunter2-secret");
    assertThatThrownBy(() -> LedgerDataSource.create("jdbc:mysql://db/x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private List<String> logs() {
    List<String> lines = new ArrayList<>(julRecords);
    for (ILoggingEvent event : logback.list) {
      String line = event.getFormattedMessage();
      if (event.getThrowableProxy() != null) {
        line += ThrowableProxyUtil.asString(event.getThrowableProxy());
      }
      lines.add(line);
    }
    return lines;
  }

  private static String stackTrace(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
