package dev.rampart.operator.model.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.operator.testing.PolicyRoles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDataTest {

  @Test
  void rolesBecomeTheDocumentTheRegoPolicyReads() {
    assertThat(PolicyData.rampart(List.of(PolicyRoles.VIEWER)))
        .isEqualTo(
            Map.of(
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
