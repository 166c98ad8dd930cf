package dev.rampart.operator.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.PolicyRoles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyDataTest {

  @Test
  void rolesSubjectsAndAgentsBecomeTheDocumentTheRegoPolicyReads() {
    TenantPolicy policy =
        new TenantPolicy(
            "acme",
            List.of(PolicyRoles.VIEWER),
            Map.of("alice", Set.of("viewer")),
            Map.of("finance", Set.of("viewer", "auditor")),
            Map.of("copilot", Set.of("invoice:read", "invoice:list")));
    assertThat(PolicyData.rampart(policy))
        .isEqualTo(
            Map.of(
                "tenant",
                "acme",
                "subjects",
                Map.of(
                    "users",
                    Map.of("alice", List.of("viewer")),
                    "groups",
                    Map.of("finance", List.of("auditor", "viewer"))),
                "agents",
                Map.of("copilot", Map.of("scopes", List.of("invoice:list", "invoice:read"))),
                "roles",
                Map.of(
                    "viewer",
                    Map.of(
                        "requireMfa",
                        false,
                        "permissions",
                        List.of(
                            Map.of(
                                "resource",
                                "invoice",
                                "actions",
                                List.of("read", "list"),
                                "conditions",
                                Map.of(
                                    "sameDepartment",
                                    true,
                                    "ownerOnly",
                                    false,
                                    "maxSensitivity",
                                    "internal")))))));
  }
}
