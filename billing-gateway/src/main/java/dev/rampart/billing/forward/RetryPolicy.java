package dev.rampart.billing.forward;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: the receiver's {@code Retry-After} when it sent one,
 * otherwise exponential backoff with jitter; never sooner than {@code base}, never later than
 * {@code cap}. Deliveries are retried until they succeed or the receiver answers 410.
 */
public final class RetryPolicy {

  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;

  public RetryPolicy(Duration base, Duration cap, RandomGenerator random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap, got " + base + " and " + cap);
    }
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  /**
   * The delay after the {@code attempts}-th failed attempt (1 for the first failure).
   *
   * @param retryAfter the receiver's Retry-After, already parsed
   */
  public Duration delay(int attempts, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent()) {
      return clamp(retryAfter.get());
    }
    // base * 2^(attempts-1), then "equal jitter": half fixed, half random, so that receivers
    // coming back from an outage are not hit by every sender at the same instant.
    int doublings = Math.max(0, Math.min(attempts - 1, 30));
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << doublings);
    long half = ceiling / 2;
    return clamp(Duration.ofMillis(half + random.nextLong(ceiling - half + 1)));
  }

  private Duration clamp(Duration delay) {
    if (delay.compareTo(base) < 0) {
      return base;
    }
    return delay.compareTo(cap) > 0 ? cap : delay;
  }

  /**
   * Parses a Retry-After value (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date in any of
   * its three formats. Empty when absent or unreadable; a date in the past is a zero delay.
   */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Beyond any cap; longer digit strings would overflow.
      return Optional.of(
          text.length() > 12
              ? Duration.ofSeconds(999_999_999_999L)
              : Duration.ofSeconds(Long.parseLong(text)));
    }
    return parseHttpDate(text, now)
        .map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  private static Optional<Instant> parseHttpDate(String text, Instant now) {
    // IMF-fixdate (Sun, 06 Nov 1994 08:49:37 GMT), the obsolete RFC 850 form
    // (Sunday, 06-Nov-94 08:49:37 GMT) and asctime (Sun Nov  6 08:49:37 1994).
    try {
      return Optional.of(
          ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return Optional.of(ZonedDateTime.parse(text, rfc850(now)).toInstant());
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return Optional.of(LocalDateTime.parse(text, ASCTIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** RFC 850 dates have two-digit years: read as at most 50 years ahead of now (RFC 9110). */
  private static DateTimeFormatter rfc850(Instant now) {
    int year = now.atZone(ZoneOffset.UTC).getYear();
    return new DateTimeFormatterBuilder()
        .appendPattern("EEEE, dd-MMM-")
        .appendValueReduced(ChronoField.YEAR, 2, 2, year - 49)
        .appendPattern(" HH:mm:ss zzz")
        .toFormatter(Locale.US);
  }
}
