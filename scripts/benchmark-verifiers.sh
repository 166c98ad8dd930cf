#!/usr/bin/env bash
# Benchmarks the billing gateway's webhook signature verification with JMH: Rampart's Stripe
# verifier against stripe-java (Webhook.Signature.verifyHeader, and Webhook.constructEvent which
# also parses the event), Rampart's Standard Webhooks verifier against the standardwebhooks library,
# on the same signed ~2 KiB event in one run. Prints ops/s for each and the ratios Rampart / peer.
# A measurement: it exits 0 when a ratio is below target, non-zero only on errors. About 2 minutes.
#
#   scripts/benchmark-verifiers.sh [--warmups=3] [--iterations=5] [--seconds=2]
#   scripts/benchmark-verifiers.sh --warmups=1 --iterations=1 --seconds=1     a smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh

# JMH reads fields through sun.misc.Unsafe, which JDK 24+ warns about unless allowed; its forks
# inherit the flag.
jvm_flags=()
if (( $(java_major "$JAVA_HOME") >= 24 )); then
  jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
fi

mvn -B -q -Dstyle.color=never install -DskipTests -DskipITs -Dspotless.check.skip=true -pl billing-gateway -am
# The benchmark (and the JVM JMH forks from it) runs on a private copy of the compiled classes, so
# that a build started meanwhile in the same tree cannot take them away mid-run.
run_dir=$(mktemp -d)
trap 'rm -rf "$run_dir"' EXIT
cp -r billing-gateway/target/classes billing-gateway/target/test-classes "$run_dir/"
mvn -B -q -Dstyle.color=never -pl billing-gateway dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$run_dir/dependencies"
"$JAVA_HOME/bin/java" "${jvm_flags[@]}" \
  -cp "$run_dir/classes:$run_dir/test-classes:$(cat "$run_dir/dependencies")" \
  dev.rampart.billing.benchmark.VerifierBenchmarkMain "$@"
