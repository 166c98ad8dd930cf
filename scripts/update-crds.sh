#!/usr/bin/env bash
# Copies the CRDs generated from the Java API classes into crds/ and the Helm chart. The build
# (CrdFilesTest) fails while the committed copies differ from what the classes generate.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java.sh
mvn -B -q -Dstyle.color=never -pl operator process-classes
mkdir -p crds helm/rampart/crds
for generated in operator/target/classes/META-INF/fabric8/*-v1.yml; do
  name=$(basename "$generated" -v1.yml).yaml
  cp "$generated" "crds/$name"
  cp "$generated" "helm/rampart/crds/$name"
done
echo "updated: $(ls crds)"
