package dev.rampart.billing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The events waiting to be forwarded to tenants' applications, written by {@link Ledger#record} in
 * the event's own transaction, so that no acknowledged event is lost. Delivery is at least once: a
 * gateway that dies after sending and before {@link #delivered} leaves the event to be sent again
 * when its lease ends.
 */
public final class ForwardOutbox {

  private final DataSource dataSource;

  public ForwardOutbox(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Claims up to {@code limit} due deliveries of {@code webhooks} that are not disabled, oldest
   * first, for {@code lease}: other gateways skip them until then, and get them after it if this
   * one neither reports them delivered nor reschedules them.
   *
   * @param webhooks the webhooks this gateway forwards; deliveries of others that share the
   *     database are left to their own gateways
   */
  public List<Delivery> claimDue(
      Collection<String> webhooks, int limit, Instant now, Duration lease) throws SQLException {
    if (limit <= 0 || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("a claim takes a positive limit and lease");
    }
    if (webhooks.isEmpty()) {
      return List.of();
    }
    List<Delivery> claimed = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement claim =
            connection.prepareStatement(
                """
                UPDATE forward_outbox o SET next_attempt_at = ?
                FROM (
                  SELECT id FROM forward_outbox f
                  WHERE delivered_at IS NULL AND next_attempt_at <= ? AND webhook = ANY (?)
                    AND NOT EXISTS (SELECT 1 FROM forward_disabled d WHERE d.webhook = f.webhook)
                  ORDER BY next_attempt_at, id
                  LIMIT ?
                  FOR UPDATE SKIP LOCKED) due
                WHERE o.id = due.id
                RETURNING o.id, o.webhook, o.event_id, o.body, o.attempts
                """)) {
      claim.setObject(1, utc(now.plus(lease)));
      claim.setObject(2, utc(now));
      claim.setArray(3, connection.createArrayOf("text", webhooks.toArray()));
      claim.setInt(4, limit);
      try (ResultSet rows = claim.executeQuery()) {
        while (rows.next()) {
          claimed.add(
              new Delivery(
                  rows.getLong(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getBytes(4),
                  rows.getInt(5)));
        }
      }
    }
    claimed.sort(Comparator.comparingLong(Delivery::id));
    return claimed;
  }

  /** The application accepted the event: it is never sent again, and its body is dropped. */
  public void delivered(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delivered =
            connection.prepareStatement(
                "UPDATE forward_outbox SET delivered_at = now(), body = NULL"
                    + " WHERE id = ? AND delivered_at IS NULL")) {
      delivered.setLong(1, id);
      delivered.executeUpdate();
    }
  }

  /** The attempt failed: try again at {@code next}, after {@code attempts} failed attempts. */
  public void retryAt(long id, Instant next, int attempts) throws SQLException {
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts are not negative");
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement retry =
            connection.prepareStatement(
                "UPDATE forward_outbox SET next_attempt_at = ?, attempts = ?"
                    + " WHERE id = ? AND delivered_at IS NULL")) {
      retry.setObject(1, utc(next));
      retry.setInt(2, attempts);
      retry.setLong(3, id);
      retry.executeUpdate();
    }
  }

  /**
   * The webhook's application answered 410 Gone: deliver nothing more for it. Its pending
   * deliveries are kept.
   */
  public void disable(String webhook) throws SQLException {
    Ledger.checkWebhook(webhook);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement disable =
            connection.prepareStatement(
                "INSERT INTO forward_disabled (webhook) VALUES (?) ON CONFLICT DO NOTHING")) {
      disable.setString(1, webhook);
      disable.executeUpdate();
    }
  }

  /**
   * Forwards {@code webhook}'s events again after {@link #disable}: its pending deliveries are
   * claimed as they come due.
   *
   * @return whether it was disabled
   */
  public boolean enable(String webhook) throws SQLException {
    Ledger.checkWebhook(webhook);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement enable =
            connection.prepareStatement("DELETE FROM forward_disabled WHERE webhook = ?")) {
      enable.setString(1, webhook);
      return enable.executeUpdate() > 0;
    }
  }

  /** Those of {@code webhooks} that are disabled. */
  public Set<String> disabled(Collection<String> webhooks) throws SQLException {
    Set<String> disabled = new HashSet<>();
    if (webhooks.isEmpty()) {
      return disabled;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT webhook FROM forward_disabled WHERE webhook = ANY (?)")) {
      select.setArray(1, connection.createArrayOf("text", webhooks.toArray()));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          disabled.add(rows.getString(1));
        }
      }
    }
    return disabled;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
