package dev.rampart.operator.testing;

import dev.rampart.operator.api.tenantrole.TenantRole;
import dev.rampart.operator.api.tenantrole.TenantRoleSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * TenantRoles of a test tenant, written as a person writes them (YAML): the five roles of {@link
 * PolicyRoles}, each with tests, and copilot declared with the scopes of {@link
 * PolicyRequests#policy}. Their tenant must allow restricted data (the auditor reads it).
 */
public final class TenantRoles {

  private TenantRoles() {}

  public static final Map<String, String> FIVE =
      Map.of(
          "viewer",
          """
          permissions:
            - resource: invoice
              actions: [read, list]
              conditions: {sameDepartment: true, maxSensitivity: internal}
          subjects:
            users: [alice]
            agents: [{id: copilot, scopes: ["invoice:read", "invoice:list"]}]
          tests:
            - name: reads-own-department
              expect: allow
              principal: {id: alice, department: finance}
              action: read
              resource: {type: invoice, department: finance}
            - name: viewer-cannot-export-pii
              description: a viewer cannot export PII
              expect: deny
              principal: {id: alice, department: finance}
              action: export
              resource: {type: customer, department: finance, sensitivity: confidential}
            - name: copilot-reads-for-alice
              expect: allow
              principal: {id: alice, department: finance}
              action: read
              resource: {type: invoice, department: finance}
              context: {agent: {id: copilot, scopes: ["invoice:read"]}}
          """,
          "pii-exporter",
          """
          requireMfa: true
          permissions:
            - resource: customer
              actions: [export, read]
              conditions: {regions: [eu-west-1], maxSensitivity: confidential}
          tests:
            - name: exports-with-a-second-factor
              expect: allow
              principal: {id: carol}
              action: export
              resource: {type: customer, region: eu-west-1, sensitivity: confidential}
              context: {amr: [pwd, otp]}
            - name: no-export-on-a-password-alone
              expect: deny
              principal: {id: carol}
              action: export
              resource: {type: customer, region: eu-west-1, sensitivity: confidential}
              context: {amr: [pwd]}
            - name: no-agent-exports-pii
              description: copilot asks to export, but no role declares that scope for it
              expect: deny
              principal: {id: carol}
              action: export
              resource: {type: customer, region: eu-west-1}
              context: {amr: [otp], agent: {id: copilot, scopes: ["customer:export"]}}
          """,
          "author",
          """
          permissions:
            - resource: document
              actions: [create, update, delete]
              conditions: {ownerOnly: true}
            - resource: document
              actions: [read, list]
          subjects:
            groups: [writers]
            agents:
              - id: copilot
                scopes: ["document:create", "document:update", "document:delete",
                         "document:read", "document:list"]
          tests:
            - name: edits-own-document
              expect: allow
              principal: {id: dave}
              action: update
              resource: {type: document, owner: dave}
            - name: cannot-edit-anothers
              expect: deny
              principal: {id: dave}
              action: update
              resource: {type: document, owner: erin}
            - name: a-writer-holds-author-by-group
              expect: allow
              principal: {id: frank, roles: [], groups: [writers]}
              action: read
              resource: {type: document}
          """,
          "finance-approver",
          """
          requireMfa: true
          permissions:
            - resource: invoice
              actions: [approve, update]
              conditions: {sameDepartment: true, regions: [eu-west-1, us-east-1]}
          subjects:
            agents: [{id: copilot, scopes: ["invoice:approve", "invoice:update"]}]
          tests:
            - name: approves-with-mfa
              expect: allow
              principal: {id: grace, department: finance}
              action: approve
              resource: {type: invoice, department: finance, region: us-east-1}
              context: {amr: [hwk]}
            - name: no-approval-without-mfa
              expect: deny
              principal: {id: grace, department: finance}
              action: approve
              resource: {type: invoice, department: finance, region: us-east-1}
          """,
          "auditor",
          """
          permissions:
            - resource: invoice
              actions: [read, list]
            - resource: customer
              actions: [list]
              conditions: {maxSensitivity: restricted}
          subjects:
            agents: [{id: copilot, scopes: ["invoice:read", "invoice:list"]}]
          tests:
            - name: lists-restricted-customers
              expect: allow
              principal: {id: heidi}
              action: list
              resource: {type: customer, sensitivity: restricted}
            - name: never-another-tenants-invoice
              description: no role reaches another tenant's records
              expect: deny
              principal: {id: heidi, roles: [auditor, viewer, finance-approver]}
              action: read
              resource: {type: invoice, tenant: globex}
              context: {amr: [otp]}
          """);

  /** The TenantRole {@code name} in {@code namespace} with the spec written in YAML. */
  public static TenantRole role(String namespace, String name, String specYaml) {
    TenantRole role = new TenantRole();
    role.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    role.setSpec(Serialization.unmarshal(specYaml, TenantRoleSpec.class));
    return role;
  }

  /** The five roles in {@code namespace}. */
  public static List<TenantRole> five(String namespace) {
    return FIVE.entrySet().stream()
        .map(entry -> role(namespace, entry.getKey(), entry.getValue()))
        .toList();
  }
}
