package dev.rampart.billing.ledger;

/** ISO 4217 alphabetic codes as the ledger stores them: three upper-case ASCII letters. */
final class Currencies {

  private Currencies() {}

  static boolean isCode(String currency) {
    if (currency.length() != 3) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      char c = currency.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  /** {@code usd} or {@code USD} as {@code USD}; null when it is not three ASCII letters. */
  static String normalise(String currency) {
    if (currency.length() != 3) {
      return null;
    }
    char[] upper = new char[3];
    for (int i = 0; i < 3; i++) {
      char c = currency.charAt(i);
      if (c >= 'a' && c <= 'z') {
        c = (char) (c - 'a' + 'A');
      }
      if (c < 'A' || c > 'Z') {
        return null;
      }
      upper[i] = c;
    }
    return new String(upper);
  }
}
