package dev.rampart.billing.verify;

import java.util.HashMap;
import java.util.Map;

/** Request headers for tests, given as alternating lower-case names and values. */
final class TestHeaders {

  private TestHeaders() {}

  static RequestHeaders of(String... namesAndValues) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers::get;
  }
}
