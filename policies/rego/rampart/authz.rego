# Rampart's authorization policy (Rego v1): is input.principal allowed input.action on
# input.resource? Roles, compiled from the tenant's TenantRoles, are data:
#   data.rampart.roles[<name>] = {"requireMfa": bool, "permissions": [{"resource": <type>,
#     "actions": [...], "conditions": {"sameDepartment", "regions", "maxSensitivity", "ownerOnly"}}]}
# policies/cedar/ holds the same policy for Cedar; the two are checked to decide alike.
package rampart.authz

# Data sensitivity, in the Tenant's classification levels.
sensitivity := {"public": 0, "internal": 1, "confidential": 2, "restricted": 3}

# Authentication methods (RFC 8176 amr values) that count as more than one factor.
multi_factor := {"mfa", "otp", "hwk", "swk", "sc"}

default allow := false

# Allowed when the principal and the resource are of one tenant, one of the principal's roles
# permits the action on the resource (its conditions hold, with MFA when the role requires it),
# and, for an AI agent acting on the principal's behalf, the agent's scopes include it too.
allow if {
	input.principal.tenant == input.resource.tenant
	some name in input.principal.roles
	role := data.rampart.roles[name]
	mfa_satisfied(role)
	some permission in role.permissions
	permission.resource == input.resource.type
	input.action in permission.actions
	conditions_hold(object.get(permission, "conditions", {}))
	within_agent_scopes
}

conditions_hold(conditions) if {
	same_department(conditions)
	in_region(conditions)
	within_sensitivity(conditions)
	owned(conditions)
}

same_department(conditions) if not conditions.sameDepartment

same_department(_) if input.principal.department == input.resource.department

in_region(conditions) if not "regions" in object.keys(conditions)

in_region(conditions) if input.resource.region in conditions.regions

within_sensitivity(conditions) if not "maxSensitivity" in object.keys(conditions)

within_sensitivity(conditions) if {
	sensitivity[input.resource.sensitivity] <= sensitivity[conditions.maxSensitivity]
}

owned(conditions) if not conditions.ownerOnly

owned(_) if input.resource.owner == input.principal.id

mfa_satisfied(role) if not role.requireMfa

mfa_satisfied(_) if {
	some method in input.context.amr
	method in multi_factor
}

# An agent gets at most what both the user and its own scopes ("<resource type>:<action>") allow.
within_agent_scopes if not input.context.agent

within_agent_scopes if concat(":", [input.resource.type, input.action]) in input.context.agent.scopes
