package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostingRulesTest {

  private static final ObjectMapper json = new ObjectMapper();

  private final PostingRules rules =
      new PostingRules(
          List.of(
              new PostingRule(
                  "charge.succeeded",
                  "/data/object/amount",
                  "/data/object/currency",
                  "processor:stripe",
                  "revenue:sales"),
              new PostingRule(
                  "charge.succeeded",
                  "/data/object/fee",
                  "/data/object/currency",
                  "expense:fees",
                  "processor:stripe")),
          5000);

  private static JsonNode event(String object) throws Exception {
    return json.readTree("{\"type\":\"charge.succeeded\",\"data\":{\"object\":" + object + "}}");
  }

  @Test
  void eachRuleOfTheTypeGivesOnePostingInUpperCaseCurrency() throws Exception {
    // 5000 is the largest amount these rules post.
    assertThat(
            rules.postings(
                "charge.succeeded", event("{\"amount\":5000,\"fee\":88,\"currency\":\"usd\"}")))
        .containsExactly(
            new Posting("processor:stripe", "revenue:sales", 5000, "USD"),
            new Posting("expense:fees", "processor:stripe", 88, "USD"));
  }

  @Test
  void aZeroAmountMovesNothing() throws Exception {
    assertThat(
            rules.postings(
                "charge.succeeded", event("{\"amount\":0,\"fee\":0,\"currency\":\"eur\"}")))
        .isEmpty();
  }

  @Test
  void anUnmappedTypeHasNoPostings() throws Exception {
    assertThat(rules.postings("customer.created", event("{\"name\":\"x\"}"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"fee\":1,\"currency\":\"usd\"}                       | amount at /data/object/amount is missing",
        "{\"amount\":null,\"fee\":1,\"currency\":\"usd\"}       | amount at /data/object/amount is missing",
        "{\"amount\":\"731\",\"fee\":1,\"currency\":\"usd\"}    | amount at /data/object/amount is not a 64-bit integer",
        "{\"amount\":731.5,\"fee\":1,\"currency\":\"usd\"}      | amount at /data/object/amount is not a 64-bit integer",
        "{\"amount\":99999999999999999999,\"fee\":1,\"currency\":\"usd\"} | amount at /data/object/amount is not a 64-bit integer",
        "{\"amount\":-731,\"fee\":1,\"currency\":\"usd\"}       | amount at /data/object/amount is negative",
        "{\"amount\":5001,\"fee\":1,\"currency\":\"usd\"}       | amount at /data/object/amount is over maxAmountMinorUnits (5000)",
        "{\"amount\":9223372036854775807,\"fee\":1,\"currency\":\"usd\"} | amount at /data/object/amount is over maxAmountMinorUnits (5000)",
        "{\"amount\":731,\"fee\":5001,\"currency\":\"usd\"}     | amount at /data/object/fee is over maxAmountMinorUnits (5000)",
        "{\"amount\":731,\"fee\":1,\"currency\":\"usdx\"}       | currency at /data/object/currency is not a three-letter code",
        "{\"amount\":731,\"fee\":1,\"currency\":\"u$d\"}        | currency at /data/object/currency is not a three-letter code",
        "{\"amount\":731,\"fee\":1,\"currency\":731}            | currency at /data/object/currency is not a three-letter code",
        "{\"amount\":731,\"fee\":1}                             | currency at /data/object/currency is not a three-letter code"
      })
  void anUnusableAmountOrCurrencyIsRefusedWithoutEchoingThePayload(String object, String problem)
      throws Exception {
    assertThatThrownBy(() -> rules.postings("charge.succeeded", event(object)))
        .isInstanceOfSatisfying(
            RefusedEventException.class,
            e -> assertThat(e.reason()).isEqualTo(RefusedEventException.Reason.UNPOSTABLE))
        .hasMessage("charge.succeeded: " + problem)
        .message()
        .doesNotContain("731", "usdx", "u$d", "99999");
  }

  @Test
  void rulesAreCheckedWhenConfigured() {
    assertThatThrownBy(() -> new PostingRule("charge.succeeded", "amount", "/c", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PostingRule("charge.succeeded", "/a", "/c", "same", "same"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PostingRule(" ", "/a", "/c", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PostingRule("charge succeeded", "/a", "/c", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PostingRules(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
