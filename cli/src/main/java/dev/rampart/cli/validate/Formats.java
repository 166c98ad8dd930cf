package dev.rampart.cli.validate;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The string formats of the API server's schemas that this validator knows; the API server ignores
 * formats it does not know, and so does this.
 */
final class Formats {

  private static final Pattern UUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");

  private static final Map<String, Predicate<String>> KNOWN =
      Map.of(
          "byte", Formats::isBase64,
          "date", Formats::isDate,
          "date-time", Formats::isDateTime,
          "datetime", Formats::isDateTime,
          "uuid", s -> UUID.matcher(s).matches(),
          "ipv4", IpAddresses::isIpv4,
          "ipv6", IpAddresses::isIpv6,
          "cidr", IpAddresses::isCidr);

  private Formats() {}

  static boolean accepts(String format, String value) {
    return KNOWN.getOrDefault(format, s -> true).test(value);
  }

  private static boolean isBase64(String value) {
    try {
      Base64.getDecoder().decode(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isDate(String value) {
    try {
      LocalDate.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isDateTime(String value) {
    try {
      OffsetDateTime.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
