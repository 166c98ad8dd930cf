package dev.rampart.billing.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin API's bearer tokens, from {@code name=token} lines; a request's identity is the name
 * whose token it presents. Blank lines and lines starting with {@code #} are skipped.
 */
public final class AdminTokens {

  /** No admin may do anything (no {@code adminTokensFile}). */
  public static final AdminTokens NONE = new AdminTokens(List.of(), List.of());

  /** Shorter tokens are refused: an admin token approves money movements. */
  static final int MIN_TOKEN_CHARS = 16;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private final List<String> names;
  private final List<byte[]> digests;

  private AdminTokens(List<String> names, List<byte[]> digests) {
    this.names = names;
    this.digests = digests;
  }

  /**
   * @throws IllegalArgumentException naming the line of a problem, never quoting a token
   */
  public static AdminTokens parse(String content) {
    List<String> names = new ArrayList<>();
    List<byte[]> digests = new ArrayList<>();
    Map<String, Integer> lineOfName = new HashMap<>();
    List<String> problems = new ArrayList<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int number = i + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? "" : line.substring(0, eq).strip();
      String token = eq < 0 ? "" : line.substring(eq + 1).strip();
      if (!NAME.matcher(name).matches()) {
        problems.add(
            "line " + number + ": expected name=token with a name of letters, digits, . _ @ -");
        continue;
      }
      if (token.length() < MIN_TOKEN_CHARS || token.chars().anyMatch(Character::isWhitespace)) {
        problems.add(
            "line %d: the token of %s must have at least %d characters and no spaces"
                .formatted(number, name, MIN_TOKEN_CHARS));
        continue;
      }
      Integer earlier = lineOfName.putIfAbsent(name, number);
      if (earlier != null) {
        problems.add("line %d: %s already has a token on line %d".formatted(number, name, earlier));
        continue;
      }
      byte[] digest = sha256(token);
      for (int j = 0; j < digests.size(); j++) {
        if (MessageDigest.isEqual(digests.get(j), digest)) {
          problems.add(
              "line %d: %s has the same token as %s".formatted(number, name, names.get(j)));
        }
      }
      names.add(name);
      digests.add(digest);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new AdminTokens(List.copyOf(names), List.copyOf(digests));
  }

  /**
   * The name whose token this is. Every token is compared, in constant time on digests of equal
   * length, so the timing tells neither which token matched nor how much of one.
   */
  public Optional<String> identify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    byte[] digest = sha256(token);
    String match = null;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), digest)) {
        match = names.get(i);
      }
    }
    return Optional.ofNullable(match);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
