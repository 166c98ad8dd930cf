package dev.rampart.operator.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * What every workload Rampart provisions runs with, Pod Security "restricted": non-root, no
 * privilege escalation, no capabilities, a read-only root filesystem, the runtime's default seccomp
 * profile; and node affinity for the tenant's data-residency region.
 */
public final class RestrictedPods {

  /** The non-root user of Rampart's images (distroless's "nonroot"). */
  public static final long NONROOT = 65532L;

  /** The label cloud providers set on nodes with their region. */
  public static final String REGION_LABEL = "topology.kubernetes.io/region";

  private RestrictedPods() {}

  public static PodSecurityContext pod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(NONROOT)
        .withRunAsGroup(NONROOT)
        .withFsGroup(NONROOT)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  public static SecurityContext container() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /** Pods of a tenant whose data must stay in {@code region} run only on nodes there. */
  public static Affinity inRegion(String region) {
    return new AffinityBuilder()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey(REGION_LABEL)
        .withOperator("In")
        .withValues(region)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .build();
  }
}
