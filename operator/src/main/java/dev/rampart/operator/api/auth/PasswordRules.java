package dev.rampart.operator.api.auth;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The realm's password policy. Length and history are the tenant's; a password may never be the
 * username or the email, whatever they say.
 */
public class PasswordRules {

  @Min(8)
  @Max(128)
  @Default("12")
  @JsonPropertyDescription("The shortest password accepted, 8 to 128 characters. Default 12.")
  private int minLength = 12;

  @Min(0)
  @Max(24)
  @Default("5")
  @JsonPropertyDescription("How many previous passwords may not be reused, 0 to 24. Default 5.")
  private int history = 5;

  public int getMinLength() {
    return minLength;
  }

  public void setMinLength(int minLength) {
    this.minLength = minLength;
  }

  public int getHistory() {
    return history;
  }

  public void setHistory(int history) {
    this.history = history;
  }
}
