package dev.rampart.cli.validate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes resource quantity (k8s.io/apimachinery resource.Quantity) by its value: a decimal
 * number with a suffix of SI (m, k, M, G, ...), binary SI (Ki, Mi, ...) or a decimal exponent (e3).
 * Parsed as ParseQuantity parses, so that {@code isQuantity()} agrees with the API server.
 */
record Quantity(BigDecimal value) implements Comparable<Quantity> {

  /** ParseQuantity's error, which the API server reports for {@code quantity('lots')}. */
  static final String FORMAT_ERROR =
      "quantities must match the regular expression"
          + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
          Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
          Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
          Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
          Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
          Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
          Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
          Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
          Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)),
          Map.entry("Ki", BigDecimal.TWO.pow(10)),
          Map.entry("Mi", BigDecimal.TWO.pow(20)),
          Map.entry("Gi", BigDecimal.TWO.pow(30)),
          Map.entry("Ti", BigDecimal.TWO.pow(40)),
          Map.entry("Pi", BigDecimal.TWO.pow(50)),
          Map.entry("Ei", BigDecimal.TWO.pow(60)));

  /** The largest binary-SI quantity; ParseQuantity caps larger ones to it. */
  private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);

  private static final String SUFFIX_LETTERS = "eEinumkKMGTP";

  static Optional<Quantity> parse(String text) {
    int end = text.length();
    if (end == 0) {
      return Optional.empty();
    }
    int pos = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
    int numberEnd = digits(text, pos);
    if (numberEnd < end && text.charAt(numberEnd) == '.') {
      numberEnd = digits(text, numberEnd + 1);
    }
    String number = text.substring(0, numberEnd);
    String suffix = text.substring(numberEnd);
    if (!wellFormedSuffix(suffix)) {
      return Optional.empty();
    }
    Optional<BigDecimal> multiplier = multiplier(suffix);
    if (multiplier.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal value = decimal(number).multiply(multiplier.get());
    // ParseQuantity rounds away from zero to nano units, and caps binary-SI values.
    if (value.scale() > 9) {
      value = value.setScale(9, RoundingMode.UP);
    }
    if (suffix.endsWith("i") && value.abs().compareTo(MAX_BINARY) > 0) {
      value = value.signum() < 0 ? MAX_BINARY.negate() : MAX_BINARY;
    }
    return Optional.of(new Quantity(value));
  }

  @Override
  public int compareTo(Quantity other) {
    return value.compareTo(other.value);
  }

  private static int digits(String text, int from) {
    int pos = from;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    return pos;
  }

  /** Suffix letters, then an optional sign and digits, as ParseQuantity scans them. */
  private static boolean wellFormedSuffix(String suffix) {
    int pos = 0;
    while (pos < suffix.length() && SUFFIX_LETTERS.indexOf(suffix.charAt(pos)) >= 0) {
      pos++;
    }
    if (pos < suffix.length() && (suffix.charAt(pos) == '-' || suffix.charAt(pos) == '+')) {
      pos++;
    }
    return digits(suffix, pos) == suffix.length();
  }

  private static Optional<BigDecimal> multiplier(String suffix) {
    BigDecimal known = SUFFIXES.get(suffix);
    if (known != null) {
      return Optional.of(known);
    }
    if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
      try {
        int exponent = (int) Long.parseLong(suffix.substring(1));
        return Optional.of(BigDecimal.ONE.scaleByPowerOfTen(exponent));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The number part; a sign or point alone is zero, as in ParseQuantity. */
  private static BigDecimal decimal(String number) {
    String unsigned = number.replaceFirst("^[+-]", "");
    if (unsigned.replace(".", "").isEmpty()) {
      return BigDecimal.ZERO;
    }
    BigDecimal value = new BigDecimal(unsigned);
    return number.startsWith("-") ? value.negate() : value;
  }
}
