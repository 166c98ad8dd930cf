# What a tenant's policy decision point writes to its decision log, as OPA asks data.system.log.mask
# for each decision: who asked, and whose record it was, only as SHA-256 digests, so the log tells
# decisions about one user apart without naming anyone; groups likewise.
package system.log

mask contains {"op": "upsert", "path": "/input/principal/id", "value": digest(id)} if {
	id := input.input.principal.id
}

mask contains {"op": "upsert", "path": "/input/resource/owner", "value": digest(owner)} if {
	owner := input.input.resource.owner
}

mask contains {"op": "upsert", "path": "/input/principal/groups", "value": groups} if {
	input.input.principal.groups
	groups := [digest(group) | some group in input.input.principal.groups]
}

digest(value) := concat(":", ["sha256", crypto.sha256(value)])
