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
 * The admin API's bearer tokens, from {@code name=token} lines, each optionally followed by {@code
 * ;amr=<method>,...}: how the holder authenticated before the token was issued (RFC 8176, e.g.
 * {@code hwk}); a line without it stands for a password ({@code pwd}). A request's identity is the
 * name whose token it presents. Blank lines and lines starting with {@code #} are skipped.
 */
public final class AdminTokens {

  /** No admin may do anything (no {@code adminTokensFile}). */
  public static final AdminTokens NONE = new AdminTokens(List.of(), List.of());

  /** Shorter tokens are refused: an admin token approves money movements. */
  static final int MIN_TOKEN_CHARS = 16;

  /** What a token without {@code ;amr=} was issued after: a password. */
  static final List<String> DEFAULT_AMR = List.of("pwd");

  private static final String AMR = ";amr=";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern METHODS = Pattern.compile("[a-z]{1,32}(,[a-z]{1,32})*");

  private final List<AdminCredential> credentials;
  private final List<byte[]> digests;

  private AdminTokens(List<AdminCredential> credentials, List<byte[]> digests) {
    this.credentials = credentials;
    this.digests = digests;
  }

  /**
   * @throws IllegalArgumentException naming the line of a problem, never quoting a token
   */
  public static AdminTokens parse(String content) {
    List<AdminCredential> credentials = new ArrayList<>();
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
      // The last ";amr=" starts the methods, so that tokens containing ";" stay valid.
      int methods = token.lastIndexOf(AMR);
      String amr = methods < 0 ? null : token.substring(methods + AMR.length());
      token = methods < 0 ? token : token.substring(0, methods);
      if (token.length() < MIN_TOKEN_CHARS || token.chars().anyMatch(Character::isWhitespace)) {
        problems.add(
            "line %d: the token of %s must have at least %d characters and no spaces"
                .formatted(number, name, MIN_TOKEN_CHARS));
        continue;
      }
      if (amr != null && !METHODS.matcher(amr).matches()) {
        problems.add(
            ("line %d: the amr of %s must be RFC 8176 methods such as hwk,pwd"
                    + " (lower-case letters, separated by commas)")
                .formatted(number, name));
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
              "line %d: %s has the same token as %s"
                  .formatted(number, name, credentials.get(j).name()));
        }
      }
      credentials.add(
          new AdminCredential(name, amr == null ? DEFAULT_AMR : List.of(amr.split(","))));
      digests.add(digest);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new AdminTokens(List.copyOf(credentials), List.copyOf(digests));
  }

  /**
   * The holder of this token. Every token is compared, in constant time on digests of equal length,
   * so the timing tells neither which token matched nor how much of one.
   */
  public Optional<AdminCredential> identify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    byte[] digest = sha256(token);
    AdminCredential match = null;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), digest)) {
        match = credentials.get(i);
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
