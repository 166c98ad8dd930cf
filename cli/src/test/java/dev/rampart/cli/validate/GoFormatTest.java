package dev.rampart.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFormatTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 0",
    "1, 1",
    "65535, 65535",
    "100000, 100000",
    "1000000, 1e+06",
    "3.1536E7, 3.1536e+07",
    "1.048576E7, 1.048576e+07",
    "0.5, 0.5",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "-2.5, -2.5"
  })
  void printsFloatsAsGoPrintsThem(double value, String printed) {
    assertThat(GoFormat.number(value)).isEqualTo(printed);
  }

  @Test
  void quotesAsGo() {
    assertThat(GoFormat.quote("a \"b\"\n\\")).isEqualTo("\"a \\\"b\\\"\\n\\\\\"");
  }
}
