package dev.rampart.billing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminTokensTest {

  private static final String ALICE = "alice-token-0123456789";
  private static final String BOB = "bob-token-9876543210xyz";

  @Test
  void identifiesTheNameOfAToken() {
    AdminTokens tokens =
        AdminTokens.parse("# finance admins\n\nalice=" + ALICE + "\r\n  bob = " + BOB + "  \n");

    assertThat(tokens.identify(ALICE)).contains(new AdminCredential("alice", List.of("pwd")));
    assertThat(tokens.identify(BOB).map(AdminCredential::name)).contains("bob");
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

  @Test
  void aTokenMayStateTheAuthenticationItWasIssuedAfter() {
    AdminTokens tokens =
        AdminTokens.parse(
            "ops=" + ALICE + ";amr=hwk,pwd\nfin=" + BOB + ";amr=otp\nlegacy=" + ALICE + "x\n");

    assertThat(tokens.identify(ALICE)).contains(new AdminCredential("ops", List.of("hwk", "pwd")));
    assertThat(tokens.identify(BOB)).contains(new AdminCredential("fin", List.of("otp")));
    assertThat(tokens.identify(ALICE + "x"))
        .contains(new AdminCredential("legacy", AdminTokens.DEFAULT_AMR));
    assertThat(tokens.identify(ALICE + ";amr=hwk,pwd")).isEmpty();
  }

  @Test
  void aTokenContainingSemicolonsOrEqualsSignsStaysOneToken() {
    String token = "a;b=c;amr;0123456789";

    AdminTokens tokens = AdminTokens.parse("ops=" + token + "\nfin=" + token + "x;amr=hwk");

    assertThat(tokens.identify(token)).contains(new AdminCredential("ops", List.of("pwd")));
    assertThat(tokens.identify(token + "x")).contains(new AdminCredential("fin", List.of("hwk")));
  }

  @Test
  void authenticationMethodsAreLowerCaseWordsSeparatedByCommas() {
    String rule =
        " must be RFC 8176 methods such as hwk,pwd (lower-case letters, separated by commas)";
    for (String bad : new String[] {"", "HWK", "hwk,", ",hwk", "hwk, pwd", "hw-k", "otp1"}) {
      assertThatThrownBy(() -> AdminTokens.parse("ops=" + ALICE + ";amr=" + bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("line 1: the amr of ops" + rule)
          .message()
          .doesNotContain(ALICE);
    }
    assertThatThrownBy(() -> AdminTokens.parse("ops=short;amr=hwk"))
        .hasMessage("line 1: the token of ops must have at least 16 characters and no spaces");
  }
}
