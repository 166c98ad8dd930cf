package dev.rampart.billing.ledger;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The ledger's schema, kept in {@code db/migration} and applied by Flyway. */
public final class LedgerDatabase {

  private LedgerDatabase() {}

  /**
   * Brings the schema up to date; run at gateway start. Gateways starting together are safe: Flyway
   * serialises them with a PostgreSQL advisory lock.
   *
   * @return the number of migrations applied
   */
  public static int migrate(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .validateMigrationNaming(true)
        .failOnMissingLocations(true)
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
