package dev.rampart.operator.testing;

import dev.rampart.operator.api.tenant.DataClassification;
import dev.rampart.operator.model.policy.PolicyRole;
import dev.rampart.operator.model.policy.PolicyRole.Conditions;
import dev.rampart.operator.model.policy.PolicyRole.Permission;
import java.util.List;
import java.util.Optional;

/** Five roles of a test tenant, between them using every condition the policy library knows. */
public final class PolicyRoles {

  private PolicyRoles() {}

  public static final PolicyRole VIEWER =
      new PolicyRole(
          "viewer",
          false,
          List.of(
              new Permission(
                  "invoice",
                  List.of("read", "list"),
                  new Conditions(
                      true, Optional.empty(), Optional.of(DataClassification.INTERNAL), false))));

  public static final PolicyRole PII_EXPORTER =
      new PolicyRole(
          "pii-exporter",
          true,
          List.of(
              new Permission(
                  "customer",
                  List.of("export", "read"),
                  new Conditions(
                      false,
                      Optional.of(List.of("eu-west-1")),
                      Optional.of(DataClassification.CONFIDENTIAL),
                      false))));

  public static final PolicyRole AUTHOR =
      new PolicyRole(
          "author",
          false,
          List.of(
              new Permission(
                  "document",
                  List.of("create", "update", "delete"),
                  new Conditions(false, Optional.empty(), Optional.empty(), true)),
              new Permission("document", List.of("read", "list"), Conditions.NONE)));

  public static final PolicyRole FINANCE_APPROVER =
      new PolicyRole(
          "finance-approver",
          true,
          List.of(
              new Permission(
                  "invoice",
                  List.of("approve", "update"),
                  new Conditions(
                      true,
                      Optional.of(List.of("eu-west-1", "us-east-1")),
                      Optional.empty(),
                      false))));

  public static final PolicyRole AUDITOR =
      new PolicyRole(
          "auditor",
          false,
          List.of(
              new Permission("invoice", List.of("read", "list"), Conditions.NONE),
              new Permission(
                  "customer",
                  List.of("list"),
                  new Conditions(
                      false,
                      Optional.empty(),
                      Optional.of(DataClassification.RESTRICTED),
                      false))));

  public static final List<PolicyRole> ALL =
      List.of(VIEWER, PII_EXPORTER, AUTHOR, FINANCE_APPROVER, AUDITOR);
}
