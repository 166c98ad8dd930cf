#!/usr/bin/env bash
# Runs Rampart and applies the Tenants of examples/tenants/.
#
# With a reachable cluster (KUBECONFIG or ~/.kube/config), Rampart runs on this machine against it
# (and against Vault and Keycloak when RAMPART_VAULT_* and RAMPART_KEYCLOAK_* are set, see README).
# Without one, it starts a local control plane first: a real etcd, kube-apiserver and
# kube-controller-manager on loopback, an OpenBao dev server wired to it for Rampart, and a
# Keycloak with Rampart's client, installed by scripts/servers.sh (slow the first time only).
# Either way it installs what helm/rampart installs but the operator's pod, and runs the operator
# as the chart's ServiceAccount, with exactly the chart's RBAC.
#
#   scripts/run.sh            run until Ctrl-C; an operator that exits is started again, and the
#                             local control plane (with every Tenant) keeps running meanwhile
#   scripts/run.sh --check    stop once the examples are Ready (a smoke test of this script)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh
source scripts/servers-env.sh

check_only=false
[[ ${1:-} == --check ]] && check_only=true
work=$(mktemp -d -t rampart-run-XXXX)
pids=()         # the local control plane's, when this script started one
operator_pid=
log() { printf '[rampart] %s\n' "$*" >&2; }

cleanup() {
  for pid in $operator_pid "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
# Only Ctrl-C (or a TERM) ends the script and tears the control plane down.
trap cleanup EXIT
trap 'exit 130' INT TERM

export_servers_env
KUBECTL=$RAMPART_K8S_DIR/kubectl

log "building Rampart"
mvn -B -q -Dstyle.color=never install -DskipTests -DskipITs -Dspotless.check.skip=true
for module in local-control-plane operator; do
  mvn -B -q -Dstyle.color=never -pl $module dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile="$work/$module.classpath"
done
# The operator runs with its runtime class path only, as in its image.
if tr ':' '\n' <"$work/operator.classpath" | grep -E 'junit|assertj|awaitility|kube-api-test'; then
  log "the operator's class path above holds test libraries"
  exit 1
fi
classpath() { echo "$1/target/classes:$(cat "$work/$1.classpath")"; }

if [[ -n ${KUBECONFIG:-} || -f $HOME/.kube/config ]] && "$KUBECTL" version --request-timeout=5s >/dev/null 2>&1; then
  log "using the cluster of your kubeconfig ($("$KUBECTL" config current-context))"
else
  log "no reachable cluster: starting a local control plane"
  export KUBECONFIG=$work/kubeconfig
  java -cp "$(classpath local-control-plane)" dev.rampart.localcp.LocalControlPlane "$KUBECONFIG" \
    --services helm/rampart/files/rampart-vault-policy.hcl "$work" >"$work/control-plane.log" 2>&1 &
  pids+=($!)
  until [[ -s $KUBECONFIG ]]; do
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/control-plane.log" >&2; exit 1; }
    sleep 1
  done
  set -a
  source "$work/rampart.env"
  set +a
  log "OpenBao at $RAMPART_VAULT_ADDR (root token in $work/bao.env)"
  log "Keycloak at $RAMPART_KEYCLOAK_URL (an admin client in $work/keycloak.env)"
fi

# What the chart installs but the operator's pod (CRDs, RBAC, policies, the ServiceAccount), and
# a kubeconfig for that ServiceAccount: the operator runs with exactly the chart's permissions.
log "installing the chart's CRDs, RBAC and policies; the operator runs as its ServiceAccount"
java -cp "$(classpath local-control-plane)" dev.rampart.localcp.ChartInstall helm/rampart \
  "$work/operator.kubeconfig" >"$work/chart-install.log" 2>&1 || { cat "$work/chart-install.log" >&2; exit 1; }

export RAMPART_HTTP_PORT=${RAMPART_HTTP_PORT:-8080}
# The pinned opa servers.sh built (export_servers_env set RAMPART_OPA), as the image has it at
# /usr/local/bin/opa: TenantRoles' tests run in it before a tenant's policy bundle is served.
export RAMPART_OPA
set -a
source "$work/operator.kubeconfig.env" # its namespace and ServiceAccount, as the chart sets them
set +a
log "starting the operator (health and metrics on http://127.0.0.1:$RAMPART_HTTP_PORT, opa $RAMPART_OPA)"
start_operator() {
  KUBECONFIG=$work/operator.kubeconfig java -cp "$(classpath operator)" dev.rampart.operator.Main \
    >>"$work/operator.log" 2>&1 &
  operator_pid=$!
}
await_ready() {
  until curl -sf "http://127.0.0.1:$RAMPART_HTTP_PORT/readyz" >/dev/null; do
    kill -0 "$operator_pid" 2>/dev/null || { cat "$work/operator.log" >&2; exit 1; }
    sleep 1
  done
}
# The operator may exit (a crash, a lost Lease, kill -9): what it manages lives in the cluster,
# so the cluster keeps running and the operator is started again.
restart_when_it_exits() {
  local code=0
  wait "$operator_pid" || code=$?
  if [[ ${#pids[@]} -gt 0 ]] && ! kill -0 "${pids[0]}" 2>/dev/null; then
    log "the local control plane stopped; see $work/control-plane.log"
    exit 1
  fi
  log "the operator exited (code $code); the cluster keeps running; starting it again in 5 s (log: $work/operator.log)"
  sleep 5
  start_operator
}
start_operator
await_ready

# examples/billing/ needs a tenant namespace and a ledger database of yours: apply it by hand.
log "applying examples/tenants/"
"$KUBECTL" apply --server-side -f examples/tenants/
"$KUBECTL" wait --for=condition=Ready tenants --all --timeout=120s
if [[ -n ${RAMPART_VAULT_ADDR:-} ]]; then
  "$KUBECTL" wait --for=condition=VaultReady tenants --all --timeout=120s
fi
if [[ -n ${RAMPART_KEYCLOAK_URL:-} ]]; then
  for tenant in $("$KUBECTL" get tenants -o jsonpath='{range .items[?(@.spec.auth)]}{.metadata.name}{" "}{end}'); do
    "$KUBECTL" wait --for=jsonpath='{.status.auth.conditions[0].status}'=True "tenant/$tenant" --timeout=180s
  done
fi
"$KUBECTL" get tenants

if $check_only; then
  log "examples are Ready; killing the operator (kill -9) to see it started again"
  kill -9 "$operator_pid"
  restart_when_it_exits
  await_ready
  "$KUBECTL" wait --for=condition=Ready tenants --all --timeout=120s >/dev/null
  # preventDeletion examples would refuse deletion; the control plane goes away with the script.
  log "examples are Ready, and again after the operator's restart"
  exit 0
fi
cat <<MSG

Rampart is running. In another shell:
  export KUBECONFIG=$KUBECONFIG
  $KUBECTL get tenants$( [[ -f $work/bao.env ]] && printf '\n  set -a; source %s; set +a   # then: %s kv put secret/tenants/<tenant>/<path> key=value' "$work/bao.env" "$RAMPART_BAO")
Operator log: $work/operator.log   (Ctrl-C stops Rampart$( [[ ${#pids[@]} -gt 0 ]] && echo " and the local control plane"))
MSG
while true; do
  restart_when_it_exits
done
