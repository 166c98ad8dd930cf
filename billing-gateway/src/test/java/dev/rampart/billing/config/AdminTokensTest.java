package dev.rampart.billing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminTokensTest {

  private static final String ALICE = "alice-token-0123456789";
  private static final String BOB = "bob-token-9876543210xyz";

  @Test
  void identifiesTheNameOfAToken() {
    AdminTokens tokens =
        AdminTokens.parse("# finance admins\n\nalice=" + ALICE + "\r\n  bob = " + BOB + "  \n");

    assertThat(tokens.identify(ALICE)).contains("alice");
    assertThat(tokens.identify(BOB)).contains("bob");
    assertThat(tokens.identify(ALICE + "x")).isEmpty();
    assertThat(tokens.identify(ALICE.substring(1))).isEmpty();
    assertThat(tokens.identify("")).isEmpty();
    assertThat(tokens.identify(null)).isEmpty();
  }

  @Test
  void noTokensIdentifyNobody() {
    assertThat(AdminTokens.NONE.identify(ALICE)).isEmpty();
    assertThat(AdminTokens.parse("\n# nobody yet\n").identify(ALICE)).isEmpty();
  }

  @Test
  void problemsNameTheLineButNeverQuoteAToken() {
    assertThatThrownBy(
            () ->
                AdminTokens.parse(
                    "alice="
                        + ALICE
                        + "\nbob=short-secret\nno-equals-sign\nalice="
                        + BOB
                        + "\ncarol="
                        + ALICE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "line 2: the token of bob must have at least 16 characters and no spaces; "
                + "line 3: expected name=token with a name of letters, digits, . _ @ -; "
                + "line 4: alice already has a token on line 1; "
                + "line 5: carol has the same token as alice")
        .message()
        .doesNotContain("short-secret", ALICE, BOB);
  }
}
