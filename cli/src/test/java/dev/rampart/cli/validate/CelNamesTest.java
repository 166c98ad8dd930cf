package dev.rampart.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Property names as rules write them, escaped as Kubernetes escapes them. */
class CelNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "name, name",
    "namespace, __namespace__",
    "in, __in__",
    "return, __return__",
    "true, __true__",
    "my_field, my_field",
    "a__b, a__underscores__b",
    "kubernetes.io/name, kubernetes__dot__io__slash__name",
    "ephemeral-storage, ephemeral__dash__storage",
    "_x, _x"
  })
  void escapes(String property, String escaped) {
    assertThat(CelNames.escape(property)).contains(escaped);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1st", "a b", "a:b", "ü"})
  void leavesOutWhatCannotBeNamed(String property) {
    assertThat(CelNames.escape(property)).isEmpty();
  }
}
