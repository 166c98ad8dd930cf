package rampart.authz_test

import data.rampart.authz

roles := {
	"viewer": {"permissions": [{
		"resource": "invoice", "actions": ["read", "list"],
		"conditions": {"sameDepartment": true, "maxSensitivity": "internal"},
	}]},
	"exporter": {"requireMfa": true, "permissions": [{
		"resource": "customer", "actions": ["export"],
		"conditions": {"regions": ["eu-west-1"], "maxSensitivity": "confidential"},
	}]},
	"author": {"permissions": [{
		"resource": "document", "actions": ["update"],
		"conditions": {"ownerOnly": true},
	}]},
}

alice := {"tenant": "acme", "id": "alice", "roles": ["viewer"], "department": "finance", "region": "eu-west-1"}

invoice := {
	"tenant": "acme", "type": "invoice", "owner": "bob",
	"department": "finance", "region": "eu-west-1", "sensitivity": "internal",
}

request(principal, action, resource, context) := {
	"principal": principal, "action": action, "resource": resource, "context": context,
}

subjects := {"users": {"frank": ["author"]}, "groups": {"auditors": ["viewer"]}}

agents := {"copilot": {"scopes": ["invoice:read", "invoice:list", "invoice:delete"]}}

allowed(principal, action, resource, context) if {
	authz.allow with input as request(principal, action, resource, context)
		with data.rampart.tenant as "acme"
		with data.rampart.roles as roles
		with data.rampart.subjects as subjects
		with data.rampart.agents as agents
}

test_a_viewer_reads_an_invoice_of_its_department if {
	allowed(alice, "read", invoice, {"amr": ["pwd"]})
}

test_a_viewer_cannot_do_what_its_role_does_not_list if {
	not allowed(alice, "delete", invoice, {"amr": ["pwd"]})
}

test_a_viewer_cannot_read_another_department if {
	not allowed(alice, "read", object.union(invoice, {"department": "sales"}), {"amr": ["pwd"]})
}

test_a_viewer_cannot_read_above_its_sensitivity if {
	not allowed(alice, "read", object.union(invoice, {"sensitivity": "restricted"}), {"amr": ["pwd"]})
}

test_no_role_reaches_another_tenant if {
	everything := object.union(alice, {"roles": object.keys(roles)})
	not allowed(everything, "read", object.union(invoice, {"tenant": "globex"}), {"amr": ["pwd", "otp"]})
}

test_a_decision_point_refuses_another_tenants_request_whatever_roles_it_names if {
	globex_alice := object.union(alice, {"tenant": "globex"})
	globex_invoice := object.union(invoice, {"tenant": "globex"})
	not allowed(globex_alice, "read", globex_invoice, {"amr": ["pwd"]})
}

test_a_role_requiring_mfa_needs_a_second_factor if {
	carol := object.union(alice, {"id": "carol", "roles": ["exporter"]})
	pii := object.union(invoice, {"type": "customer", "sensitivity": "confidential"})
	not allowed(carol, "export", pii, {"amr": ["pwd"]})
	allowed(carol, "export", pii, {"amr": ["pwd", "otp"]})
}

test_an_mfa_acr_satisfies_a_role_requiring_mfa if {
	carol := object.union(alice, {"id": "carol", "roles": ["exporter"]})
	pii := object.union(invoice, {"type": "customer", "sensitivity": "confidential"})
	allowed(carol, "export", pii, {"amr": ["pwd"], "acr": "mfa"})
	not allowed(carol, "export", pii, {"amr": ["pwd"], "acr": "pwd"})
	not allowed(carol, "export", pii, {"amr": ["pwd"], "acr": "1"})
}

test_a_viewer_cannot_export_pii if {
	pii := object.union(invoice, {"type": "customer", "sensitivity": "confidential"})
	not allowed(alice, "export", pii, {"amr": ["pwd", "otp"]})
}

test_regions_limit_where_a_role_applies if {
	carol := object.union(alice, {"roles": ["exporter"]})
	pii := object.union(invoice, {"type": "customer", "region": "us-east-1"})
	not allowed(carol, "export", pii, {"amr": ["otp"]})
}

test_owner_only_means_the_records_owner if {
	dave := object.union(alice, {"id": "dave", "roles": ["author"]})
	document := object.union(invoice, {"type": "document", "owner": "dave"})
	allowed(dave, "update", document, {"amr": ["pwd"]})
	not allowed(dave, "update", object.union(document, {"owner": "erin"}), {"amr": ["pwd"]})
}

test_an_agent_gets_the_intersection_of_its_scopes_and_the_users_permissions if {
	reading := {"id": "copilot", "scopes": ["invoice:read"]}
	allowed(alice, "read", invoice, {"amr": ["pwd"], "agent": reading})
	not allowed(alice, "list", invoice, {"amr": ["pwd"], "agent": reading})

	# A scope the user lacks gives the agent nothing.
	deleting := {"id": "copilot", "scopes": ["invoice:delete"]}
	not allowed(alice, "delete", invoice, {"amr": ["pwd"], "agent": deleting})
}

test_an_agent_gets_no_scope_its_roles_do_not_declare if {
	# The user may read customers' PII; copilot asks to, but no role declares that scope for it.
	carol := object.union(alice, {"roles": ["exporter"]})
	pii := object.union(invoice, {"type": "customer", "sensitivity": "confidential"})
	allowed(carol, "export", pii, {"amr": ["otp"]})
	not allowed(carol, "export", pii, {"amr": ["otp"], "agent": {"id": "copilot", "scopes": ["customer:export"]}})

	# An agent no role names gets nothing, whatever it asks for.
	not allowed(alice, "read", invoice, {"amr": ["pwd"], "agent": {"id": "stranger", "scopes": ["invoice:read"]}})
}

test_roles_come_from_the_request_and_from_the_subjects_bound if {
	frank := {"tenant": "acme", "id": "frank", "roles": [], "department": "sales", "region": "eu-west-1"}
	document := object.union(invoice, {"type": "document", "owner": "frank"})
	allowed(frank, "update", document, {"amr": ["pwd"]})
	not allowed(frank, "read", invoice, {"amr": ["pwd"]})
	auditor := object.union(frank, {"groups": ["auditors"], "department": "finance"})
	allowed(auditor, "read", invoice, {"amr": ["pwd"]})
}

test_an_unknown_role_grants_nothing if {
	not allowed(object.union(alice, {"roles": ["admin"]}), "read", invoice, {"amr": ["pwd"]})
}
