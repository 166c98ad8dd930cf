package dev.rampart.billing.verify;

/** The headers of an incoming request, looked up by lower-case name. */
@FunctionalInterface
public interface RequestHeaders {

  /** The first value of the header, or {@code null} when it is absent. */
  String first(String lowerCaseName);
}
