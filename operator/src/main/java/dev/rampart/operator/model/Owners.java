package dev.rampart.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Owner references that make the garbage collector delete children with their custom resource. */
public final class Owners {

  private Owners() {}

  public static OwnerReference controller(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Whether {@code child} names {@code owner} (by uid) as its controller. */
  public static boolean isControlledBy(HasMetadata child, HasMetadata owner) {
    return child.getMetadata().getOwnerReferences().stream()
        .anyMatch(
            ref ->
                Boolean.TRUE.equals(ref.getController())
                    && ref.getUid().equals(owner.getMetadata().getUid()));
  }
}
