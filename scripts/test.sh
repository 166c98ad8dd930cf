#!/usr/bin/env bash
# Runs every test: builds the pinned servers if missing (cached), then unit tests, integration
# tests against the real control plane, the formatting check, the image check and a smoke run of
# scripts/run.sh. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh

bash scripts/servers.sh build >/dev/null
mvn -B verify
bash scripts/image.sh build
bash scripts/image.sh verify
bash scripts/run.sh --check
