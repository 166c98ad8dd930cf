package dev.rampart.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B's test vectors. */
class TotpTest {

  private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA256_KEY =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);

  @Test
  void matchesTheRfcVectors() {
    assertThat(Totp.code(SHA1_KEY, Instant.ofEpochSecond(59), "HmacSHA1", 8)).isEqualTo("94287082");
    assertThat(Totp.code(SHA1_KEY, Instant.ofEpochSecond(1111111109), "HmacSHA1", 8))
        .isEqualTo("07081804");
    assertThat(Totp.code(SHA1_KEY, Instant.ofEpochSecond(20000000000L), "HmacSHA1", 8))
        .isEqualTo("65353130");
    assertThat(Totp.code(SHA256_KEY, Instant.ofEpochSecond(59), "HmacSHA256", 8))
        .isEqualTo("46119246");
  }

  @Test
  void sixDigitsAreTheLastSixOfTheEightDigitCode() {
    assertThat(Totp.code(SHA1_KEY, Instant.ofEpochSecond(59))).isEqualTo("287082");
  }
}
