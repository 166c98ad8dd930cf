#!/usr/bin/env bash
# Benchmarks the policy library's decisions: p50/p99 latency and decisions/s for Cedar in process
# (cedar-java) and for OPA as a server over HTTP on loopback, one request after another over the
# requests of a five-role tenant's grid, against OPA's own evaluation (opa bench, no HTTP) as the
# floor; then the time to compile a tenant with many TenantRoles and run all their tests in both
# engines, as the operator does before a rollout. A measurement: it exits non-zero only on errors.
#
#   scripts/benchmark-policies.sh [--requests=100000] [--roles=500]
set -euo pipefail
source "$(dirname "$0")/benchmark.sh"

run_benchmark dev.rampart.operator.benchmark.PolicyBenchmark "$@"
