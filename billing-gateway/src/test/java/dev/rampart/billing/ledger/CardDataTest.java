package dev.rampart.billing.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CardDataTest {

  private static boolean found(String body) {
    return CardData.containsPan(body.getBytes(StandardCharsets.UTF_8));
  }

  /** Test numbers published by the processors, one or more per brand and length. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "4242424242424242", // Visa
        "4111111111111111",
        "4012888888881881",
        "4222222222222", // Visa, 13 digits
        "4000000000000000006", // Visa, 19 digits
        "5555555555554444", // Mastercard 51-55
        "5105105105105100",
        "2223003122003222", // Mastercard 2-series
        "2221000000000009",
        "2720990000000007",
        "378282246310005", // American Express
        "371449635398431",
        "6011111111111117", // Discover
        "6011000990139424",
        "6445000000000000",
        "6500000000000002",
        "3566002020360505", // JCB
        "3530111333300000",
        "3589000000000003",
        "30569309025904", // Diners Club
        "38520000023237",
        "36227206271667",
        "6200000000000005", // UnionPay
        "6205500000000000004"
      })
  void findsEveryBrandWrittenTogetherAndAsPeopleTypeIt(String pan) {
    assertThat(found(pan)).isTrue();
    assertThat(found("{\"card\":{\"number\":\"" + pan + "\",\"cvc\":\"123\"}}")).isTrue();
    assertThat(found("{\"number\":" + pan + "}")).as("as a JSON number").isTrue();
    assertThat(found(grouped(pan, ' '))).as("spaces").isTrue();
    assertThat(found(grouped(pan, '-'))).as("dashes").isTrue();
    assertThat(found("{\"note\":\"card " + grouped(pan, ' ') + " exp 12/29\"}")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "3782 822463 10005", // American Express's own grouping
        "4242-4242 4242-4242", // mixed separators
        "qty 2 4242 4242 4242 4242", // after another number, a single space apart
        "1732112345678 4242424242424242", // after a timestamp
        "42424242424242424242 4242 4242 4242 4242", // after a run too long to be a PAN
        "ref 1234-5678 then 4111111111111111",
        "-4242424242424242", // read as a negative number
        "card:4242424242424242",
        "ab12 4242 4242 4242 4242", // a run that starts inside a word, the PAN after a space
        "4242 4242 4242 4242-abc"
      })
  void findsNumbersNextToOtherText(String body) {
    assertThat(found(body)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // nothing at all
        "{\"created\":1732112345670}", // Luhn-valid millisecond timestamp
        "{\"created\":1732112345678904}", // Luhn-valid microseconds
        "{\"created\":1732112345678901233}", // Luhn-valid nanoseconds
        "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI5j2Dsv\",\"object\":\"event\"}", // Stripe ids
        "{\"id\":\"ch_3MmlLrLkdIwHu7ix0snN0B15\",\"payment_intent\":\"pi_3MtwBwLkdIwHu7ix28a3tqPa\"}",
        "{\"amount\":4242,\"amount_captured\":2000,\"currency\":\"usd\"}", // amounts
        "{\"amount\":999999999999}",
        "4242424242424241", // fails Luhn
        "4242 4242 4242 4241",
        "1234567812345670", // Luhn-valid, no brand starts with 1
        "7000000000000005", // nor 7
        "9000000000000001", // nor 9
        "5600000000000003", // 56 is not Mastercard
        "3527000000000008", // just below JCB
        "3500000000000009",
        "30600000000001", // just above Diners 300-305
        "6300000000000004", // 63 is nobody's
        "560000000000002",
        "424242424242", // 12 digits
        "42424242424242424242", // 20 digits
        "40000000000000000002", // 20 digits, Luhn-valid
        "4242, 4242, 4242, 4242", // a list
        "+1 555-123-4567", // a phone number
        "2026-11-23T12:00:00Z", // a date
        "{\"uuid\":\"4242a4242-4242-4242\"}",
        // Digits inside identifiers: each of these holds a branded, Luhn-valid run of 13 to 19
        // digits, possibly joined by dashes, that touches a letter.
        "x4242424242424242y",
        "{\"id\":\"0e2f1a6c-4d52-9724-1487443a88db\"}", // UUIDs
        "019cda32-2557-7f65-3073-00078756ac68",
        "f0b610b3-fdf0-1962-4861-8159242356b9",
        "64d7caff-2490-4750-2957-55aaec3cf3a6",
        "3bc5c076-f6a4-c658-9978-843973dd74eb",
        "1d976b23-0166-2107-5833-1c8b417f7b0a",
        "{\"trace\":\"5b26053650495616ceeadee32ab2df9a\"}", // hex ids
        "6796df0586b472f65459609991435402",
        "66ab363354079094286182e83baee5c5",
        "f8c3a9dc94b64a422551907631140089",
        "7f3a4111111111111111e9",
        "{\"id\":\"ch_3Nx4242424242424242Qa\"}", // Stripe-style ids
        "{\"payment_intent\":\"pi_3Q4111111111111111Zp\"}",
        "{\"customer\":\"cus_R5555555555554444x\"}"
      })
  void ignoresNumbersThatAreNotCards(String body) {
    assertThat(found(body)).isFalse();
  }

  @Test
  void scansALargeBodyWithManyNumbers() {
    StringBuilder body = new StringBuilder("{\"data\":[");
    for (int i = 0; i < 20_000; i++) {
      body.append("{\"created\":").append(1732112345670L + i).append(",\"amount\":").append(i);
      body.append(",\"id\":\"in_").append(i).append("\"},");
    }
    String clean = body + "{}]}";
    String dirty = body + "{\"n\":\"4242 4242 4242 4242\"}]}";
    assertThat(found(clean)).isFalse();
    assertThat(found(dirty)).isTrue();
  }

  /** The number in groups of four, the way it is printed on most cards. */
  private static String grouped(String pan, char separator) {
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < pan.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        grouped.append(separator);
      }
      grouped.append(pan.charAt(i));
    }
    return grouped.toString();
  }
}
