#!/usr/bin/env bash
# Benchmarks the billing gateway end to end on loopback against a real PostgreSQL (from
# scripts/servers.sh), the gateway as its own JVM with its Deployment's heap: signed Stripe events
# verified, deduplicated, posted and committed per second, p50/p99 latency, against a baseline of
# plain single-row INSERT transactions on the same server in the same run, both at each client
# count (the baseline up to 64 connections), each system's maximum being its best (target ratio
# >= 0.7); then p99 at half the gateway's maximum rate on a fixed schedule (target <= 25 ms). Every
# phase starts right after a CHECKPOINT and none starts inside one. Twice, each with a PostgreSQL and
# a baseline of its own: durable first (fsync and synchronous_commit on: an acknowledged event
# survives a crash; the targets are about this one), then with fsync=off (as the tests run: CPU
# only). A measurement: it exits 0 when targets are missed, non-zero only on errors. About 6
# minutes with the defaults.
#
#   scripts/benchmark-billing.sh [--clients=16,32,64,128] [--seconds=15] [--warmup=30]
#                                [--durability=both|durable|fsync-off]
#   scripts/benchmark-billing.sh --clients=16,64 --seconds=5 --warmup=3      a quick check
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh
source scripts/servers-env.sh

export_servers_env
mvn -B -q -Dstyle.color=never install -DskipTests -DskipITs -Dspotless.check.skip=true -pl billing-gateway -am
mvn -B -q -Dstyle.color=never -pl billing-gateway exec:exec -Dexec.classpathScope=test \
  -Dexec.executable="$JAVA_HOME/bin/java" \
  -Dexec.args="-cp %classpath dev.rampart.billing.benchmark.GatewayBenchmark $*"
echo "gateway logs: billing-gateway/target/benchmark/gateway-*.log"
