#!/usr/bin/env bash
# Benchmarks VaultSecrets on the real local control plane and a real OpenBao, the operator as its
# own JVM: N VaultSecrets over T tenants refreshing every R s. Steady state: Vault requests/s
# (counted exactly by a proxy between the operator and OpenBao, which refuses audit devices made
# through its API) and Kubernetes writes (target 0); then the latency from a change in Vault to the
# updated Secret, p50/p99/max (target p99 <= R + 2 s); heap after a full GC and RSS. A measurement:
# it exits 0 when targets are missed, non-zero only on errors.
#
#   scripts/benchmark-vaultsecrets.sh [--secrets=1000] [--tenants=10] [--refresh=30] \
#       [--measure=90] [--changes=100] [--seed=N]
#   scripts/benchmark-vaultsecrets.sh --secrets=50 --measure=35 --changes=10    a quick check
set -euo pipefail
source "$(dirname "$0")/benchmark.sh"

run_benchmark dev.rampart.operator.benchmark.VaultSecretBenchmark "$@"
echo "operator log: operator/target/benchmark/operator-vaultsecrets.log"
