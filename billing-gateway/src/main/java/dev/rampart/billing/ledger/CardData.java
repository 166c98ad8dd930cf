package dev.rampart.billing.ledger;

/**
 * Finds primary account numbers (card numbers) in a raw body, so that card data never enters the
 * ledger, the outbox or the tenant's application.
 *
 * <p>A PAN is 13 to 19 digits that pass the Luhn check and start with a card brand's prefix (Visa
 * 4; Mastercard 51–55, 2221–2720; American Express 34, 37; Discover 6011, 644–649, 65; JCB
 * 3528–3589; Diners Club 300–305, 36, 38; UnionPay 62). The prefix keeps millisecond timestamps
 * (which start with 1), amounts and numeric ids from matching by Luhn chance alone.
 *
 * <p>Digits may be written in groups joined by a single space or dash, as people type card numbers
 * ({@code 4242 4242 4242 4242}, {@code 3782-822463-10005}). Any consecutive groups of such a run
 * may form the PAN, so one that follows another number ({@code qty 2 4242 4242 4242 4242}) is still
 * found; a group of more than 19 digits cannot be part of one, and neither can a run of digits
 * alone of 12 or 20 digits.
 *
 * <p>A PAN stands apart: the byte before its first digit and the byte after its last are not ASCII
 * letters or digits (or it starts or ends the body). Digits inside an identifier, such as a UUID's
 * {@code 4d52-9724-1487443a88db}, a hex id or a Stripe id, are not taken for one.
 *
 * <p>One pass over the bytes, without regular expressions or decoding the body into a String.
 */
public final class CardData {

  private static final int MIN_DIGITS = 13;
  private static final int MAX_DIGITS = 19;

  private CardData() {}

  public static boolean containsPan(byte[] body) {
    return new Scanner().scan(body);
  }

  /**
   * The groups of the current run that a PAN ending at a later group could still include: their
   * digits, and where each group starts.
   */
  private static final class Scanner {
    // At most MAX_DIGITS - 1 kept digits plus one group of at most MAX_DIGITS.
    private final byte[] digits = new byte[2 * MAX_DIGITS];
    private final int[] groupStarts = new int[2 * MAX_DIGITS];
    private int length;
    private int groups;
    private int groupLength; // digits of the group being read; 0 when not in a group
    private boolean separated; // the previous byte was a space or dash right after a digit
    private boolean afterAlphanumeric; // the previous byte was an ASCII letter or digit
    private boolean firstGroupApart; // the byte before the first kept group is not alphanumeric

    boolean scan(byte[] body) {
      for (byte b : body) {
        if (b >= '0' && b <= '9') {
          if (groupLength == 0) {
            if (!separated) {
              length = 0;
              groups = 0;
              firstGroupApart = !afterAlphanumeric;
            }
            separated = false;
            groupStarts[groups] = length;
          }
          groupLength++;
          if (groupLength <= MAX_DIGITS) {
            digits[length++] = (byte) (b - '0');
          }
        } else if (groupLength > 0) {
          if (endGroup(!alphanumeric(b))) {
            return true;
          }
          separated = b == ' ' || b == '-';
        } else {
          separated = false;
        }
        afterAlphanumeric = alphanumeric(b);
      }
      return groupLength > 0 && endGroup(true);
    }

    private static boolean alphanumeric(byte b) {
      return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }

    /**
     * Checks every run of consecutive groups that ends with the group just read, when the byte
     * after it sets it apart.
     */
    private boolean endGroup(boolean apart) {
      boolean tooLong = groupLength > MAX_DIGITS;
      groupLength = 0;
      if (tooLong) {
        length = 0;
        groups = 0;
        firstGroupApart = true; // a later group of this run follows a separator
        return false;
      }
      groups++;
      for (int first = groups - 1; apart && first >= 0; first--) {
        int start = groupStarts[first];
        int count = length - start;
        if (count > MAX_DIGITS || (first == 0 && !firstGroupApart)) {
          break;
        }
        if (count >= MIN_DIGITS && brandPrefix(start) && luhn(start, count)) {
          return true;
        }
      }
      // Drop the oldest groups while any PAN including them would be longer than MAX_DIGITS.
      int drop = 0;
      while (drop < groups && length - groupStarts[drop] >= MAX_DIGITS) {
        drop++;
      }
      if (drop > 0) {
        firstGroupApart = true; // the new first group follows a separator
        int shift = drop < groups ? groupStarts[drop] : length;
        System.arraycopy(digits, shift, digits, 0, length - shift);
        length -= shift;
        groups -= drop;
        for (int i = 0; i < groups; i++) {
          groupStarts[i] = groupStarts[i + drop] - shift;
        }
      }
      return false;
    }

    private boolean brandPrefix(int start) {
      int d1 = digits[start];
      int d2 = d1 * 10 + digits[start + 1];
      int d3 = d2 * 10 + digits[start + 2];
      int d4 = d3 * 10 + digits[start + 3];
      return d1 == 4 // Visa
          || (d2 >= 51 && d2 <= 55)
          || (d4 >= 2221 && d4 <= 2720) // Mastercard
          || d2 == 34
          || d2 == 37 // American Express
          || d4 == 6011
          || (d3 >= 644 && d3 <= 649)
          || d2 == 65 // Discover
          || (d4 >= 3528 && d4 <= 3589) // JCB
          || (d3 >= 300 && d3 <= 305)
          || d2 == 36
          || d2 == 38 // Diners Club
          || d2 == 62; // UnionPay
    }

    private boolean luhn(int start, int count) {
      int sum = 0;
      boolean doubled = false;
      for (int i = start + count - 1; i >= start; i--) {
        int d = digits[i];
        if (doubled) {
          d *= 2;
          if (d > 9) {
            d -= 9;
          }
        }
        sum += d;
        doubled = !doubled;
      }
      return sum % 10 == 0;
    }
  }
}
