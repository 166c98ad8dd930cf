package dev.rampart.billing.ledger;

import dev.rampart.billing.event.EventIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Records webhook events exactly once, with their postings and their delivery to the tenant's
 * application, each in one database transaction.
 */
public final class Ledger {

  /** Idempotency keys removed per statement, so pruning never holds many locks for long. */
  static final int PRUNE_BATCH = 1000;

  private final DataSource dataSource;
  private final AccountIds accounts;
  private final GroupCommit commits;

  public Ledger(DataSource dataSource) {
    this(dataSource, GroupCommit.MAX_BATCH, GroupCommit.COMMITTERS);
  }

  /**
   * @param maxBatch events written by one database transaction at most
   * @param committers database transactions writing events at once
   */
  Ledger(DataSource dataSource, int maxBatch, int committers) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.accounts = new AccountIds(dataSource);
    this.commits = new GroupCommit(dataSource, maxBatch, committers);
  }

  /**
   * Records an event once: its idempotency key, its postings as one balanced ledger transaction
   * and, when {@code forward}, its delivery to the tenant's application, all committed together
   * before this returns. Events recorded concurrently share database transactions (see {@link
   * GroupCommit}). A body containing card data is refused before anything is written.
   *
   * @param postings from {@link PostingRules#postings}; empty for an event type without postings
   * @return {@link RecordResult#DUPLICATE} when the event was recorded before, even concurrently
   * @throws RefusedEventException the event must not be recorded (the HTTP layer answers 422)
   * @throws SQLException the database failed; nothing may be assumed recorded (answer 503)
   */
  public RecordResult record(
      String webhook,
      String eventId,
      String eventType,
      byte[] rawBody,
      List<Posting> postings,
      boolean forward)
      throws RefusedEventException, SQLException {
    Objects.requireNonNull(rawBody, "rawBody");
    Objects.requireNonNull(postings, "postings");
    checkWebhook(webhook);
    checkIdentity("event id", eventId);
    checkIdentity("event type", eventType);
    if (CardData.containsPan(rawBody)) {
      throw new RefusedEventException(
          RefusedEventException.Reason.CARD_DATA, "the body contains a primary account number");
    }
    Entries entries = Entries.of(postings, accounts);
    return commits.record(
        new GroupCommit.Event(webhook, eventId, eventType, forward ? rawBody : null, entries));
  }

  /** The balance of {@code account} in each currency it has entries in: debits minus credits. */
  public Map<String, Long> balances(String account) throws SQLException {
    Map<String, Long> balances = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection()) {
      readBalances(connection, account, balances);
    }
    return balances;
  }

  static void readBalances(Connection connection, String account, Map<String, Long> into)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            """
            SELECT e.currency, sum(e.amount)::bigint
            FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
            WHERE a.name = ? GROUP BY e.currency ORDER BY e.currency
            """)) {
      select.setString(1, account);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          into.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
  }

  /**
   * Forgets {@code webhook}'s idempotency keys older than {@code window}, and its deliveries that
   * were completed as long ago, in batches of {@value #PRUNE_BATCH}. The ledger is untouched: an
   * event with postings stays refused as a duplicate after its key is gone.
   *
   * @return the number of idempotency keys removed
   */
  public long prune(String webhook, Duration window) throws SQLException {
    checkWebhook(webhook);
    if (window.isNegative()) {
      throw new IllegalArgumentException("the idempotency window is not negative");
    }
    long keys;
    try (Connection connection = dataSource.getConnection()) {
      keys =
          deleteInBatches(
              connection,
              """
              DELETE FROM webhook_event WHERE (webhook, event_id) IN (
                SELECT webhook, event_id FROM webhook_event
                WHERE webhook = ? AND received_at < now() - ? * interval '1 second' LIMIT ?)
              """,
              webhook,
              window);
      deleteInBatches(
          connection,
          """
          DELETE FROM forward_outbox WHERE id IN (
            SELECT id FROM forward_outbox
            WHERE webhook = ? AND delivered_at < now() - ? * interval '1 second' LIMIT ?)
          """,
          webhook,
          window);
    }
    return keys;
  }

  private static long deleteInBatches(
      Connection connection, String sql, String webhook, Duration window) throws SQLException {
    long total = 0;
    try (PreparedStatement delete = connection.prepareStatement(sql)) {
      delete.setString(1, webhook);
      delete.setLong(2, window.toSeconds());
      delete.setInt(3, PRUNE_BATCH);
      int deleted;
      do {
        deleted = delete.executeUpdate();
        total += deleted;
      } while (deleted == PRUNE_BATCH);
    }
    return total;
  }

  static void checkWebhook(String webhook) {
    Objects.requireNonNull(webhook, "webhook");
    if (webhook.isEmpty() || webhook.length() > 63) {
      throw new IllegalArgumentException("a webhook name is 1 to 63 characters");
    }
  }

  private static void checkIdentity(String what, String value) throws RefusedEventException {
    if (!EventIdentity.isValid(value)) {
      throw new RefusedEventException(
          RefusedEventException.Reason.INVALID_EVENT,
          "the " + what + " is not " + EventIdentity.RULE);
    }
  }
}
