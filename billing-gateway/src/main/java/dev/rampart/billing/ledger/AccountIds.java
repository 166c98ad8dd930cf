package dev.rampart.billing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Ledger accounts by name, created on first use. Accounts are never deleted, so ids are cached for
 * the life of the gateway and postings need no lookup.
 */
final class AccountIds {

  private final DataSource dataSource;
  private final ConcurrentHashMap<String, Long> ids = new ConcurrentHashMap<>();

  AccountIds(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Committed on a connection of its own, so the id is valid whatever the caller's work does. */
  long id(String name) throws SQLException {
    Long id = ids.get(name);
    if (id != null) {
      return id;
    }
    try (Connection connection = dataSource.getConnection()) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO ledger_account (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
        insert.setString(1, name);
        insert.executeUpdate();
      }
      // A separate statement: it sees an account a concurrent gateway committed meanwhile.
      try (PreparedStatement select =
          connection.prepareStatement("SELECT id FROM ledger_account WHERE name = ?")) {
        select.setString(1, name);
        try (ResultSet row = select.executeQuery()) {
          row.next();
          id = row.getLong(1);
        }
      }
    }
    ids.put(name, id);
    return id;
  }
}
