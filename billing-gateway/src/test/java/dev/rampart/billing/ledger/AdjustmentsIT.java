package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdjustmentsIT {

  private static final long CAP = 50_000;

  private static HikariDataSource dataSource;
  private static Adjustments adjustments;
  private static Ledger ledger;

  @BeforeAll
  static void start() {
    dataSource = TestDatabases.newLedger();
    adjustments = new Adjustments(dataSource, Map.of("payments", policy(CAP)));
    ledger = new Ledger(dataSource);
  }

  @AfterAll
  static void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  private static AdjustmentPolicy policy(long cap) {
    return new AdjustmentPolicy(
        cap,
        new AdjustmentPolicy.Accounts("expense:customer-credits", "liability:customer-balance"),
        new AdjustmentPolicy.Accounts("revenue:refunds", "processor:stripe"));
  }

  private static long credit(long amount) throws Exception {
    return adjustments.request(
        "payments", AdjustmentKind.CREDIT, "alice", "cus_123", amount, "usd", "goodwill");
  }

  @Test
  void requestsAreRefusedAboveTheCapAndForNonPositiveAmounts() throws Exception {
    assertThatThrownBy(() -> credit(CAP + 1))
        .isInstanceOf(AdjustmentRefusedException.AboveCap.class)
        .hasMessageContaining("50000");
    assertThat(credit(CAP)).isPositive();
    assertThatThrownBy(() -> credit(0)).isInstanceOf(AdjustmentRefusedException.Invalid.class);
    assertThatThrownBy(() -> credit(-5)).isInstanceOf(AdjustmentRefusedException.Invalid.class);
    assertThatThrownBy(
            () ->
                adjustments.request(
                    "payments", AdjustmentKind.REFUND, "alice", "cus_1", 10, "usdollar", "x"))
        .isInstanceOf(AdjustmentRefusedException.Invalid.class);
    assertThatThrownBy(
            () ->
                adjustments.request(
                    "payments", AdjustmentKind.REFUND, "alice", "cus_1", 10, "USD", " "))
        .isInstanceOf(AdjustmentRefusedException.Invalid.class);
    assertThatThrownBy(
            () ->
                adjustments.request(
                    "elsewhere", AdjustmentKind.CREDIT, "alice", "cus_1", 10, "USD", "x"))
        .isInstanceOf(AdjustmentRefusedException.NotConfigured.class);
  }

  @Test
  void twoApproversOtherThanTheRequesterPostIt() throws Exception {
    long id = credit(1234);
    Map<String, Long> before = ledger.balances("liability:customer-balance");

    assertThatThrownBy(() -> adjustments.approve(id, "alice"))
        .isInstanceOf(AdjustmentRefusedException.SelfApproval.class);
    assertThat(adjustments.approve(id, "bob")).isEqualTo(ApprovalResult.AWAITING_SECOND_APPROVAL);
    assertThat(adjustments.approve(id, "bob")).isEqualTo(ApprovalResult.ALREADY_APPROVED);
    assertThat(ledger.balances("liability:customer-balance")).isEqualTo(before);
    assertThat(adjustments.find(id).orElseThrow().posted()).isFalse();

    assertThat(adjustments.approve(id, "carol")).isEqualTo(ApprovalResult.POSTED);
    assertThat(adjustments.approve(id, "dave")).isEqualTo(ApprovalResult.ALREADY_POSTED);
    assertThat(adjustments.approve(id, "carol")).isEqualTo(ApprovalResult.ALREADY_POSTED);

    assertThat(ledger.balances("liability:customer-balance").get("USD"))
        .isEqualTo(before.getOrDefault("USD", 0L) - 1234);
    Adjustments.Adjustment shown = adjustments.find(id).orElseThrow();
    assertThat(shown.approvers()).containsExactly("bob", "carol");
    assertThat(shown.posted()).isTrue();
    assertThat(shown.amountMinorUnits()).isEqualTo(1234);
    assertThat(shown.currency()).isEqualTo("USD");
    assertThat(shown.requester()).isEqualTo("alice");
    assertThat(shown.reference()).isEqualTo("cus_123");
    assertThat(shown.kind()).isEqualTo(AdjustmentKind.CREDIT);
    assertThat(adjustments.find(id + 1_000_000)).isEmpty();
  }

  @Test
  void aRefundUsesTheRefundAccounts() throws Exception {
    long id =
        adjustments.request(
            "payments", AdjustmentKind.REFUND, "alice", "ch_1", 700, "EUR", "damaged");
    adjustments.approve(id, "bob");
    assertThat(adjustments.approve(id, "carol")).isEqualTo(ApprovalResult.POSTED);
    assertThat(ledger.balances("revenue:refunds")).containsEntry("EUR", 700L);
    assertThat(ledger.balances("processor:stripe")).containsEntry("EUR", -700L);
  }

  @Test
  void anUnknownAdjustmentIsRefused() {
    assertThatThrownBy(() -> adjustments.approve(987_654_321L, "bob"))
        .isInstanceOf(AdjustmentRefusedException.Unknown.class);
  }

  @Test
  void aLoweredCapStopsPendingAdjustmentsAbove() throws Exception {
    long id = credit(40_000);
    adjustments.approve(id, "bob");
    Adjustments lowered = new Adjustments(dataSource, Map.of("payments", policy(10_000)));
    assertThatThrownBy(() -> lowered.approve(id, "carol"))
        .isInstanceOf(AdjustmentRefusedException.AboveCap.class);
    assertThat(adjustments.find(id).orElseThrow().posted()).isFalse();
  }

  @Test
  void racingApproversPostEachAdjustmentOnce() throws Exception {
    int rounds = 20;
    int approvers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(approvers);
    try {
      for (int round = 0; round < rounds; round++) {
        long id = credit(1);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApprovalResult>> results = new ArrayList<>();
        for (int a = 0; a < approvers; a++) {
          String approver = "approver-" + a;
          Callable<ApprovalResult> approve =
              () -> {
                go.await();
                return adjustments.approve(id, approver);
              };
          results.add(pool.submit(approve));
        }
        go.countDown();
        List<ApprovalResult> outcomes = new ArrayList<>();
        for (Future<ApprovalResult> result : results) {
          outcomes.add(result.get());
        }
        assertThat(outcomes)
            .containsOnlyOnce(ApprovalResult.POSTED, ApprovalResult.AWAITING_SECOND_APPROVAL)
            .containsOnly(
                ApprovalResult.POSTED,
                ApprovalResult.AWAITING_SECOND_APPROVAL,
                ApprovalResult.ALREADY_POSTED);
        assertThat(transactionsFor(id)).isEqualTo(1);
        assertThat(adjustments.find(id).orElseThrow().approvers()).hasSize(2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static long transactionsFor(long adjustment) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet row =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT count(*) FROM ledger_transaction WHERE adjustment_id = "
                        + adjustment)) {
      row.next();
      return row.getLong(1);
    }
  }
}
