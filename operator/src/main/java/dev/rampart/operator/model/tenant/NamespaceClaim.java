package dev.rampart.operator.model.tenant;

import java.util.List;

/**
 * The tenant's declared namespaces, split into those Rampart may provision ({@code usable}) and
 * those that exist but belong to someone else ({@code conflicts}).
 */
public record NamespaceClaim(List<String> usable, List<String> conflicts) {

  public NamespaceClaim {
    usable = List.copyOf(usable);
    conflicts = List.copyOf(conflicts);
  }

  /** The declared namespaces, less those someone else holds. */
  public static NamespaceClaim of(List<String> declared, List<String> conflicts) {
    return new NamespaceClaim(
        declared.stream().filter(name -> !conflicts.contains(name)).toList(), conflicts);
  }
}
