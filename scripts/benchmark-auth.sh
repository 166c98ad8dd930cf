#!/usr/bin/env bash
# Benchmarks Tenants with spec.auth against the real Keycloak: the time until N realms are Ready
# with the operator in its own JVM against creating the same realm settings and client policies
# with plain Admin API calls (the floor), Admin API requests per realm, requests per minute while
# idle (target: reads only) and heap. A measurement: it exits 0 when targets are missed.
#
#   scripts/benchmark-auth.sh [--tenants=N] [--idle=SECONDS]     defaults: 100 and 60
#   scripts/benchmark-auth.sh --tenants=3 --idle=5               a quick check
set -euo pipefail
source "$(dirname "$0")/benchmark.sh"

run_benchmark dev.rampart.operator.benchmark.AuthBenchmark "$@"
echo "operator log: operator/target/benchmark/operator-auth.log"
