# Sourced by the benchmark commands: builds what a benchmark needs and runs its main class in a
# JVM of its own whose class path is the test class path, which the benchmark hands on to the
# operator process it starts (exec:java would leave Maven's own class path there).
#   run_benchmark <class> [arguments...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/java.sh
source scripts/servers-env.sh

run_benchmark() {
  local main=$1
  shift
  export_servers_env
  mvn -B -q -Dstyle.color=never install -DskipTests -DskipITs -Dspotless.check.skip=true -pl operator -am
  mvn -B -q -Dstyle.color=never -pl operator exec:exec -Dexec.classpathScope=test -Dexec.executable="$JAVA_HOME/bin/java" \
    -Dexec.args="-cp %classpath $main $*"
}
