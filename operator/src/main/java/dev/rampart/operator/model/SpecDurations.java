package dev.rampart.operator.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as specs write them: hours, minutes and seconds, e.g. 1h30m (what CEL accepts). */
public final class SpecDurations {

  private static final Pattern DURATION =
      Pattern.compile("^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$");

  private SpecDurations() {}

  /** Empty for text that is not such a duration (the schema rejects it first). */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        Duration.ofHours(number(m.group(1)))
            .plusMinutes(number(m.group(2)))
            .plusSeconds(number(m.group(3))));
  }

  /** The duration in seconds, as Keycloak's settings take it. */
  public static int seconds(String text) {
    return (int)
        parse(text)
            .orElseThrow(() -> new IllegalArgumentException("not a duration: " + text))
            .toSeconds();
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }
}
