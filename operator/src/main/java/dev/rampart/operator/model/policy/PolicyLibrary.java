package dev.rampart.operator.model.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The policy library ({@code policies/} of the repository), as built into the operator: what every
 * tenant's bundle is compiled with.
 *
 * @param rego the Rego policy, {@code rampart/authz.rego}
 * @param logMask what a decision log leaves out, {@code system/log.rego}
 * @param cedar what holds in Cedar whatever the roles say (tenant isolation)
 * @param cedarSchema the shape of a request, for Cedar
 */
public record PolicyLibrary(String rego, String logMask, String cedar, String cedarSchema) {

  public static PolicyLibrary builtIn() {
    return new PolicyLibrary(
        read("rego/rampart/authz.rego"),
        read("rego/system/log.rego"),
        read("cedar/library.cedar"),
        read("cedar/rampart.cedarschema"));
  }

  private static String read(String path) {
    try (InputStream in = PolicyLibrary.class.getResourceAsStream("/policies/" + path)) {
      if (in == null) {
        throw new IllegalStateException("policies/" + path + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
