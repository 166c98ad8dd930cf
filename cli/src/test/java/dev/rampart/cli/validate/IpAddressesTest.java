package dev.rampart.cli.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** isCIDR() as Go's netip.ParsePrefix decides (the cases were checked against the API server). */
class IpAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/8",
        "10.0.0.1/8",
        "0.0.0.0/0",
        "203.0.113.7/32",
        "::/0",
        "2001:db8::/32",
        "1:2:3:4:5:6:7:8/64",
        "::ffff:10.0.0.0/104",
        "::1.2.3.4/128",
        "fe80::/10",
        "1:2:3:4:5:6:7::/64"
      })
  void acceptsPrefixes(String cidr) {
    assertThat(IpAddresses.isCidr(cidr)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/33",
        "2001:db8::/129",
        "10.0.0.0",
        "nope",
        "010.0.0.0/8",
        "10.0.0.0/08",
        "10.0.0.0/+8",
        "1.2.3.4.5/8",
        "1.2.3/8",
        "256.0.0.0/8",
        "fe80::1%eth0/64",
        "1:2:3:4::5:6:7:8/64",
        "1::2::3/64",
        "abcde::/16",
        "1:2:3:4:5:6:7/64",
        "1.2.3.4::/64",
        "/8",
        "10.0.0.0/"
      })
  void refusesWhatNetipRefuses(String cidr) {
    assertThat(IpAddresses.isCidr(cidr)).isFalse();
  }
}
