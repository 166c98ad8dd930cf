package dev.rampart.operator.api.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What Rampart does about a RoleBinding it did not write that grants beyond the owner role. */
public enum PermissionDrift {
  /** A Warning Event, the rampart_rbac_drift metric and the tenant's drift report. */
  @JsonProperty("report")
  REPORT,
  /** As report, and the binding is deleted. */
  @JsonProperty("enforce")
  ENFORCE
}
