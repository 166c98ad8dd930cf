package dev.rampart.billing.verify;

import java.util.Arrays;

/** The signatures one request's header offers, any of which may match. */
final class Candidates {

  private byte[][] signatures = new byte[2][];
  private int count;

  void add(byte[] signature) {
    if (count == signatures.length) {
      signatures = Arrays.copyOf(signatures, 2 * count);
    }
    signatures[count++] = signature;
  }

  boolean isEmpty() {
    return count == 0;
  }

  int count() {
    return count;
  }

  byte[] get(int index) {
    return signatures[index];
  }
}
