#!/usr/bin/env bash
# Runs every test: builds the pinned servers if missing (cached), installs the downloaded ones
# into an empty cache (a fresh machine's first run), then unit tests, integration tests against
# the real control plane, the policy library's own tests (opa), the formatting check, the image
# check, the rampart CLI on the examples, a smoke run of scripts/run.sh and of every benchmark. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh
source scripts/servers-env.sh

export_servers_env

# A fresh machine's first run, on every run: the servers that are downloads (not builds) go into
# an empty cache and are read back through run.sh's path (export_servers_env), so a stray byte on
# servers.sh's stdout or a download that does not run fails here, not on a new user's machine.
# The Go builds (~20 min) are linked from the real cache.
(
  cold=$(mktemp -d -t rampart-cold-cache-XXXX)
  trap 'rm -rf "$cold"' EXIT
  for built in "$RAMPART_K8S_DIR" "$(dirname "$RAMPART_HELM")" "$(dirname "$RAMPART_OPA")"; do
    link=$cold/servers/${built#"$RAMPART_SERVERS"/}
    mkdir -p "$(dirname "$link")"
    ln -s "$built" "$link"
  done
  export RAMPART_CACHE=$cold
  export_servers_env
  "$RAMPART_BAO" version
  "$RAMPART_POSTGRES_DIR/bin/postgres" --version
  "$RAMPART_KEYCLOAK_HOME/bin/kc.sh" --version | grep -F "Keycloak $RAMPART_KEYCLOAK_VERSION"
  echo "servers install on a cold cache: ok"
)

# The policy library: formatted, compiled strictly, its own tests; the Java ITs check it decides
# like its Cedar half.
"$RAMPART_OPA" fmt --list --fail policies/rego
"$RAMPART_OPA" check --strict policies/rego
"$RAMPART_OPA" test policies/rego

mvn -B -Dstyle.color=never verify

# The CLI as a pipeline runs it: the wrapper, the runnable jar and its lib/, on the examples.
cli/rampart test --opa="$RAMPART_OPA" examples/tenants examples/tenantroles
cli/rampart validate examples
bash scripts/image.sh build
bash scripts/image.sh verify
bash scripts/run.sh --check

# Every benchmark at a smoke size (seconds each), so that none breaks unnoticed: they exit non-zero
# on errors only, never on a missed target. The full sizes are the commands without arguments.
bash scripts/benchmark-tenants.sh 3 --idle=2
bash scripts/benchmark-vaultsecrets.sh --secrets=6 --tenants=2 --refresh=5 --measure=5 --changes=3
bash scripts/benchmark-billing.sh --clients=2 --seconds=2 --warmup=1
bash scripts/benchmark-verifiers.sh --warmups=1 --iterations=1 --seconds=1
bash scripts/benchmark-policies.sh --requests=2000 --roles=20
bash scripts/benchmark-auth.sh --tenants=3 --idle=5
