#!/usr/bin/env bash
# Benchmarks Tenant reconciliation on the real local control plane: for each size, the time the
# operator takes until all Tenants are Ready against the time to create the same objects with a
# plain client (the floor), its writes (also while idle), heap and RSS. A measurement: it exits 0
# when targets are missed, non-zero only on errors.
#
#   scripts/benchmark-tenants.sh [SIZES] [--idle=SECONDS]     defaults: 100,1000 and 60
#   scripts/benchmark-tenants.sh 20 --idle=5                  a quick check
set -euo pipefail
source "$(dirname "$0")/benchmark.sh"

run_benchmark dev.rampart.operator.benchmark.TenantBenchmark "$@"
echo "operator logs: operator/target/benchmark/"
