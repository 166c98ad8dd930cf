package dev.rampart.billing.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdentityTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evt_1NG8Du2eZvKYlo2CUI79vXWy",
        "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
        "charge.succeeded",
        "!",
        "~",
        "urn:uuid:0b5e8f0e-5d1c-4f6e-9c1a-2f0e6f9b7c3d"
      })
  void visibleAsciiIsAnEventIdOrType(String value) {
    assertThat(EventIdentity.isValid(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "evt 1",
        " evt_1",
        "evt_1\t",
        "evt_\0",
        "evt_\u007f",
        "evt_\u0080",
        "evt_é",
        "evt_☕",
        "evt_\ud800",
        "evt_\udfff",
        "evt_\ud83d\ude00"
      })
  void anythingElseIsNot(String value) {
    assertThat(EventIdentity.isValid(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 254, 255})
  void upTo255CharactersAreAllowed(int length) {
    assertThat(EventIdentity.isValid("e".repeat(length))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 1000})
  void longerIsNot(int length) {
    assertThat(EventIdentity.isValid("e".repeat(length))).isFalse();
  }

  @Test
  void nullIsNot() {
    assertThat(EventIdentity.isValid(null)).isFalse();
  }
}
