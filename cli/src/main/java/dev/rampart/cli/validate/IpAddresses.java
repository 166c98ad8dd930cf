package dev.rampart.cli.validate;

/**
 * IP addresses and prefixes as Go's net/netip parses them, which Kubernetes' CEL {@code isCIDR()}
 * uses: IPv4 in four decimal fields without leading zeros, IPv6 with at most one {@code ::} and an
 * optional trailing IPv4, no zone in a prefix.
 */
final class IpAddresses {

  private IpAddresses() {}

  /** netip.ParsePrefix: {@code address/bits}, bits without sign or leading zero. */
  static boolean isCidr(String text) {
    int slash = text.lastIndexOf('/');
    if (slash < 0) {
      return false;
    }
    String address = text.substring(0, slash);
    String bits = text.substring(slash + 1);
    int maxBits;
    if (isIpv4(address)) {
      maxBits = 32;
    } else if (isIpv6(address)) {
      maxBits = 128;
    } else {
      return false;
    }
    boolean wellFormed =
        !bits.isEmpty()
            && bits.length() <= 3
            && bits.chars().allMatch(c -> c >= '0' && c <= '9')
            && !(bits.length() > 1 && bits.charAt(0) == '0');
    return wellFormed && Integer.parseInt(bits) <= maxBits;
  }

  static boolean isIpv4(String text) {
    String[] fields = text.split("\\.", -1);
    if (fields.length != 4) {
      return false;
    }
    for (String field : fields) {
      boolean decimal =
          !field.isEmpty()
              && field.length() <= 3
              && field.chars().allMatch(c -> c >= '0' && c <= '9')
              && !(field.length() > 1 && field.charAt(0) == '0');
      if (!decimal || Integer.parseInt(field) > 255) {
        return false;
      }
    }
    return true;
  }

  /** netip's parseIPv6, without zones. */
  static boolean isIpv6(String text) {
    if (text.indexOf('%') >= 0) {
      return false;
    }
    int pos = 0;
    int bytes = 0;
    int ellipsis = -1;
    if (text.startsWith("::")) {
      ellipsis = 0;
      pos = 2;
      if (pos == text.length()) {
        return true;
      }
    }
    while (bytes < 16) {
      int end = pos;
      while (end < text.length() && isHexDigit(text.charAt(end))) {
        if (end - pos >= 4) {
          return false;
        }
        end++;
      }
      if (end == pos) {
        return false;
      }
      if (end < text.length() && text.charAt(end) == '.') {
        // An embedded IPv4 address: only as the last 32 bits.
        if ((ellipsis < 0 && bytes != 12) || bytes + 4 > 16 || !isIpv4(text.substring(pos))) {
          return false;
        }
        pos = text.length();
        bytes += 4;
        break;
      }
      bytes += 2;
      pos = end;
      if (pos == text.length()) {
        break;
      }
      if (text.charAt(pos) != ':' || pos + 1 == text.length()) {
        return false;
      }
      pos++;
      if (text.charAt(pos) == ':') {
        if (ellipsis >= 0) {
          return false;
        }
        ellipsis = bytes;
        pos++;
        if (pos == text.length()) {
          break;
        }
      }
    }
    if (pos != text.length()) {
      return false;
    }
    // A :: stands for at least one group of zeros.
    return bytes < 16 ? ellipsis >= 0 : ellipsis < 0;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
