# Sourced by the scripts: points JAVA_HOME at a JDK >= 21 (the project targets Java 21), trying
# $JAVA_HOME first, then the JDKs under /usr/lib/jvm, newest first.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p'; }
pick_java() {
  local candidate
  for candidate in ${JAVA_HOME:-} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    if [[ -x $candidate/bin/javac ]] && (( $(java_major "$candidate") >= 21 )); then
      export JAVA_HOME=$candidate
      export PATH=$JAVA_HOME/bin:$PATH
      # Maven's console library (jansi) writes a colour reset (ESC[0m) to stdout and stderr when
      # Maven exits, even in batch mode without colour; output that scripts show or read stays clean.
      export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true"
      # Maven's bundled Guava warns about sun.misc.Unsafe on JDK 24+; the warning is noise here.
      if (( $(java_major "$candidate") >= 24 )); then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return
    fi
  done
  echo "no JDK >= 21 found (set JAVA_HOME, or install one under /usr/lib/jvm)" >&2
  exit 1
}
pick_java
