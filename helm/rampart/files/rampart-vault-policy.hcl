# The Vault (or OpenBao) policy Rampart's own role needs: per-tenant transit keys, policies and
# kubernetes-auth roles, all under Rampart's name prefixes, and its schedule of retired keys.
# Install: bao policy write rampart rampart-vault-policy.hcl  (the tests apply this very file)

# Tenants' transit keys: create, read, configure (no export, no deletion, auto-rotation) and, once
# a deleted tenant's retention ends, delete.
path "transit/keys/tenant-*" {
  capabilities = ["create", "read", "update", "delete"]
}

# One policy per tenant, granting only that tenant's paths.
path "sys/policies/acl/rampart-tenant-*" {
  capabilities = ["create", "read", "update", "delete"]
}

# One kubernetes-auth role per tenant, bound to the tenant's namespaces.
path "auth/kubernetes/role/tenant-*" {
  capabilities = ["create", "read", "update", "delete"]
}

# When each deleted tenant's transit key may be deleted.
path "secret/data/rampart/retired-transit-keys/*" {
  capabilities = ["create", "read", "update"]
}
path "secret/metadata/rampart/retired-transit-keys/*" {
  capabilities = ["list", "delete"]
}

# Each database lease is owned by a tenant login of its own (Vault revokes a lease with the token
# that created it); Rampart keeps that token alive by accessor. Renewing grants nothing new.
path "auth/token/renew-accessor" {
  capabilities = ["update"]
}
