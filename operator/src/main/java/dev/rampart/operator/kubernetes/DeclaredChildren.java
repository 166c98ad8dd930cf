package dev.rampart.operator.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;

/**
 * A kind of child declared by its type, owner label, adoption and the {@code model/} function that
 * computes the owner's objects of it: all most kinds need.
 */
public final class DeclaredChildren<P extends HasMetadata, I, R extends HasMetadata>
    extends Children<P, I, R> {

  private final Function<I, List<R>> desired;

  public DeclaredChildren(
      Class<R> type, String ownerLabel, Adoption adoption, Function<I, List<R>> desired) {
    super(type, ownerLabel, adoption);
    this.desired = desired;
  }

  @Override
  protected List<R> desired(I input) {
    return desired.apply(input);
  }
}
