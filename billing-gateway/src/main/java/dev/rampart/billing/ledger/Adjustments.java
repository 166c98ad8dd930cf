package dev.rampart.billing.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Credits and refunds under dual approval: requested by one person, posted once two others have
 * approved. The database enforces the same rules (see {@code V1__ledger.sql}): no approval by the
 * requester, one approval per approver, no posting without two approvals or for another amount.
 */
public final class Adjustments {

  /**
   * An adjustment as the admin API shows it.
   *
   * @param requestedAt ISO-8601, UTC
   * @param approvers in the order they approved
   */
  public record Adjustment(
      long id,
      String webhook,
      AdjustmentKind kind,
      String requester,
      String reference,
      long amountMinorUnits,
      String currency,
      String reason,
      String requestedAt,
      List<String> approvers,
      boolean posted) {}

  private final DataSource dataSource;
  private final Map<String, AdjustmentPolicy> policies;
  private final AccountIds accounts;

  /**
   * @param policiesByWebhook the {@code adjustments} of each webhook that has them
   */
  public Adjustments(DataSource dataSource, Map<String, AdjustmentPolicy> policiesByWebhook) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.policies = Map.copyOf(policiesByWebhook);
    this.accounts = new AccountIds(dataSource);
  }

  /**
   * Records a request; nothing is posted before two approvals.
   *
   * @param reference the customer or account the adjustment is for
   * @return the adjustment's id, for {@link #approve}
   */
  public long request(
      String webhook,
      AdjustmentKind kind,
      String requester,
      String reference,
      long amountMinorUnits,
      String currency,
      String reason)
      throws AdjustmentRefusedException, SQLException {
    Objects.requireNonNull(kind, "kind");
    AdjustmentPolicy policy = policy(webhook);
    requireText("requester", requester, 200);
    requireText("reference", reference, 200);
    requireText("reason", reason, 1000);
    if (amountMinorUnits <= 0) {
      throw new AdjustmentRefusedException.Invalid("the amount is positive");
    }
    if (amountMinorUnits > policy.maxMinorUnits()) {
      throw new AdjustmentRefusedException.AboveCap(policy.maxMinorUnits());
    }
    String code = currency == null ? null : Currencies.normalise(currency);
    if (code == null) {
      throw new AdjustmentRefusedException.Invalid("the currency is a three-letter code");
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                """
                INSERT INTO adjustment (webhook, kind, requester, reference, amount, currency, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)) {
      insert.setString(1, webhook);
      insert.setString(2, kind.name());
      insert.setString(3, requester);
      insert.setString(4, reference);
      insert.setLong(5, amountMinorUnits);
      insert.setString(6, code);
      insert.setString(7, reason);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  public Optional<Adjustment> find(long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                """
                SELECT a.webhook, a.kind, a.requester, a.reference, a.amount, a.currency, a.reason,
                  a.requested_at,
                  EXISTS (SELECT 1 FROM ledger_transaction t WHERE t.adjustment_id = a.id),
                  array(SELECT approver FROM adjustment_approval p WHERE p.adjustment_id = a.id
                        ORDER BY p.approved_at, p.approver)
                FROM adjustment a WHERE a.id = ?
                """)) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        List<String> approvers = new ArrayList<>();
        for (Object approver : (Object[]) row.getArray(10).getArray()) {
          approvers.add((String) approver);
        }
        return Optional.of(
            new Adjustment(
                id,
                row.getString(1),
                AdjustmentKind.valueOf(row.getString(2)),
                row.getString(3),
                row.getString(4),
                row.getLong(5),
                row.getString(6),
                row.getString(7),
                row.getObject(8, OffsetDateTime.class).toInstant().toString(),
                List.copyOf(approvers),
                row.getBoolean(9)));
      }
    }
  }

  private record Requested(
      String webhook, AdjustmentKind kind, String requester, long amount, String currency) {}

  /**
   * Approves an adjustment; the second distinct approver's approval posts it, in the same database
   * transaction. Concurrent approvals are serialised on the adjustment, so it is posted once.
   */
  public ApprovalResult approve(long id, String approver)
      throws AdjustmentRefusedException, SQLException {
    requireText("approver", approver, 200);
    Requested requested = requested(id);
    if (requested.requester().equals(approver)) {
      throw new AdjustmentRefusedException.SelfApproval(id);
    }
    AdjustmentPolicy policy = policy(requested.webhook());
    // Checked again in case the cap was lowered since the request.
    if (requested.amount() > policy.maxMinorUnits()) {
      throw new AdjustmentRefusedException.AboveCap(policy.maxMinorUnits());
    }
    AdjustmentPolicy.Accounts pair = policy.accounts(requested.kind());
    // Resolved before the transaction, which must not wait for a second pooled connection.
    Entries entries =
        Entries.of(
            List.of(
                new Posting(pair.debit(), pair.credit(), requested.amount(), requested.currency())),
            accounts);
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        ApprovalResult result = approveLocked(connection, id, requested, approver, entries);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private static ApprovalResult approveLocked(
      Connection connection, long id, Requested requested, String approver, Entries entries)
      throws SQLException {
    // Racing approvers queue here; each statement after this one sees what the previous committed.
    execute(connection, "SELECT 1 FROM adjustment WHERE id = ? FOR UPDATE", id);
    if (exists(connection, "SELECT 1 FROM ledger_transaction WHERE adjustment_id = ?", id)) {
      return ApprovalResult.ALREADY_POSTED;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO adjustment_approval (adjustment_id, requester, approver) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
      insert.setLong(1, id);
      insert.setString(2, requested.requester());
      insert.setString(3, approver);
      if (insert.executeUpdate() == 0) {
        return ApprovalResult.ALREADY_APPROVED;
      }
    }
    long approvals;
    try (PreparedStatement count =
        connection.prepareStatement(
            "SELECT count(*) FROM adjustment_approval WHERE adjustment_id = ?")) {
      count.setLong(1, id);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        approvals = row.getLong(1);
      }
    }
    if (approvals < 2) {
      return ApprovalResult.AWAITING_SECOND_APPROVAL;
    }
    try (PreparedStatement post =
        connection.prepareStatement(
            """
            WITH txn AS (
              INSERT INTO ledger_transaction (webhook, adjustment_id) VALUES (?, ?) RETURNING id)
            INSERT INTO ledger_entry (transaction_id, account_id, currency, amount)
            SELECT txn.id, e.account_id, e.currency, e.amount
            FROM txn, unnest(?::bigint[], ?::text[], ?::bigint[]) AS e (account_id, currency, amount)
            """)) {
      post.setString(1, requested.webhook());
      post.setLong(2, id);
      entries.bind(connection, post, 3);
      post.executeUpdate();
    }
    return ApprovalResult.POSTED;
  }

  private Requested requested(long id) throws AdjustmentRefusedException, SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT webhook, kind, requester, amount, currency FROM adjustment WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new AdjustmentRefusedException.Unknown(id);
        }
        return new Requested(
            row.getString(1),
            AdjustmentKind.valueOf(row.getString(2)),
            row.getString(3),
            row.getLong(4),
            row.getString(5));
      }
    }
  }

  private AdjustmentPolicy policy(String webhook) throws AdjustmentRefusedException {
    AdjustmentPolicy policy = policies.get(Objects.requireNonNull(webhook, "webhook"));
    if (policy == null) {
      throw new AdjustmentRefusedException.NotConfigured(webhook);
    }
    return policy;
  }

  private static void requireText(String field, String value, int maxLength)
      throws AdjustmentRefusedException {
    if (value == null || value.isBlank() || value.length() > maxLength) {
      throw new AdjustmentRefusedException.Invalid(
          "the " + field + " is 1 to " + maxLength + " characters");
    }
  }

  private static void execute(Connection connection, String sql, long id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      statement.execute();
    }
  }

  private static boolean exists(Connection connection, String sql, long id) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }
}
