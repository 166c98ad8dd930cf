package dev.rampart.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quantities parse and compare as Kubernetes' resource.Quantity (checked against the API server).
 */
class QuantityTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "0, 0",
    "2, 2",
    "250m, 0.25",
    "1500m, 1.5",
    "e3, 0",
    "., 0",
    "+, 0",
    "1.G, 1000000000",
    "1e3, 1000",
    "1E-2, 0.01",
    "1e+3, 1000",
    "1.5Ki, 1536",
    "512Mi, 536870912",
    "1Gi, 1073741824",
    "1G, 1000000000",
    "1E, 1000000000000000000",
    "1k, 1000",
    "100n, 0.0000001",
    "5u, 0.000005",
    "+1, 1",
    "-1, -1",
    "-0, 0",
    ".5, 0.5",
    "1., 1",
    "0.0000000001, 0.000000001"
  })
  void parsesByValue(String text, BigDecimal value) {
    assertThat(Quantity.parse(text))
        .get()
        .extracting(Quantity::value)
        .satisfies(parsed -> assertThat(parsed).isEqualByComparingTo(value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "lots", "1K", "1Mix", "1 Ki", " 1", "1Ki ", "1e", "+-1", "1.5e", "1e3m", "1Ki1"
      })
  void refusesWhatParseQuantityRefuses(String text) {
    assertThat(Quantity.parse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource({"1Gi, 1073741824, 0", "1G, 1Gi, -1", "2, 1500m, 1", "1.1Gi, 1Gi, 1", "500m, 0.5, 0"})
  void comparesByValue(String a, String b, int order) {
    assertThat(
            Integer.signum(
                Quantity.parse(a).orElseThrow().compareTo(Quantity.parse(b).orElseThrow())))
        .isEqualTo(order);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9Ei", "100Ei"})
  void capsBinaryQuantitiesAtTheLargestInt64(String text) {
    assertThat(Quantity.parse(text).orElseThrow().value())
        .isEqualByComparingTo(BigDecimal.valueOf(Long.MAX_VALUE));
  }
}
