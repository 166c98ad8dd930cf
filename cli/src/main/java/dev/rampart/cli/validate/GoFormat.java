package dev.rampart.cli.validate;

import java.math.BigDecimal;

/**
 * Values printed as the API server (written in Go) prints them in its messages, so that a message
 * here reads exactly like the one {@code kubectl apply} would show.
 */
final class GoFormat {

  private GoFormat() {}

  /** Go's {@code %q}: a double-quoted string with Go escapes. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\x%02x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /**
   * Go's {@code %v} of a float64: the shortest digits, in exponent form from 1e+06 on (Go prints
   * 3.1536e+07 where Java prints 3.1536E7).
   */
  static String number(double value) {
    if (value == 0) {
      return "0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    int exponent = decimal.precision() - decimal.scale() - 1;
    String sign = value < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String digits = decimal.unscaledValue().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exponentDigits = String.format("%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentDigits;
    }
    return sign + decimal.toPlainString();
  }
}
