# Rampart's authorization policy (Rego v1): is input.principal allowed input.action on
# input.resource? What the tenant's TenantRoles say is data, compiled by Rampart:
#   data.rampart.tenant = the tenant whose decision point this is
#   data.rampart.roles[<name>] = {"requireMfa": bool, "permissions": [{"resource": <type>,
#     "actions": [...], "conditions": {"sameDepartment", "regions", "maxSensitivity", "ownerOnly"}}]}
#   data.rampart.subjects.users[<id>], data.rampart.subjects.groups[<group>] = [<role name>, ...]
#   data.rampart.agents[<id>] = {"scopes": ["<resource type>:<action>", ...]}
# policies/cedar/ holds the same policy for Cedar; the two are checked to decide alike.
package rampart.authz

# Data sensitivity, in the Tenant's classification levels.
sensitivity := {"public": 0, "internal": 1, "confidential": 2, "restricted": 3}

# Authentication methods (RFC 8176 amr values) that count as more than one factor.
multi_factor := {"mfa", "otp", "hwk", "swk", "sc"}

default allow := false

# Allowed when the principal and the resource are of the tenant whose roles these are (another
# tenant's request is refused, whatever role names it carries), one of the principal's roles
# permits the action on the resource (its conditions hold, with MFA when the role requires it),
# and, for an AI agent acting on the principal's behalf, the agent's scopes include it too.
allow if {
	input.resource.tenant == data.rampart.tenant
	input.principal.tenant == input.resource.tenant
	some name in principal_roles
	role := data.rampart.roles[name]
	mfa_satisfied(role)
	some permission in role.permissions
	permission.resource == input.resource.type
	input.action in permission.actions
	conditions_hold(object.get(permission, "conditions", {}))
	within_agent_scopes
}

# The roles the request carries, and those the tenant's roles bind to the principal or its groups.
principal_roles contains name if some name in input.principal.roles

principal_roles contains name if some name in data.rampart.subjects.users[input.principal.id]

principal_roles contains name if {
	some group in input.principal.groups
	some name in data.rampart.subjects.groups[group]
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

# A login that passed the tenant realm's second factor, the one that set it up included (its amr
# shows the password alone).
mfa_satisfied(_) if input.context.acr == "mfa"

# An agent gets at most what the user may do, within both the scopes it asks for and those the
# tenant's roles declare for it ("<resource type>:<action>"); an agent no role names gets nothing.
within_agent_scopes if not input.context.agent

within_agent_scopes if {
	scope := concat(":", [input.resource.type, input.action])
	scope in input.context.agent.scopes
	scope in data.rampart.agents[input.context.agent.id].scopes
}
