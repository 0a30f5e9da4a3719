# Shared helpers for the scripts in scripts/. Source it; do not run it.
# shellcheck shell=bash

HOTSPOT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HOTSPOT_ROOT

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Maven runs one at a time on a small machine; scripts may be started in parallel.
mvn_locked() {
  local lock="/tmp/mvn.lock"
  if command -v flock >/dev/null 2>&1; then
    flock "$lock" mvn -B -q "$@"
  else
    mvn -B -q "$@"
  fi
}

# Echoes the runtime classpath of the jobs module (its classes plus every dependency,
# Flink and logging included), building the project first when needed.
jobs_classpath() {
  local target="$HOTSPOT_ROOT/jobs/target"
  local cpfile="$target/runtime-classpath.txt"
  if [[ ! -d "$target/classes/org/powerhotspots" || ! -f "$HOTSPOT_ROOT/schemas/target/classes/org/powerhotspots/schema/Complaint.class" ]]; then
    log "building the project (first run only)…"
    (cd "$HOTSPOT_ROOT" && mvn_locked -DskipTests install >&2)
  fi
  if [[ ! -f "$cpfile" || "$HOTSPOT_ROOT/jobs/pom.xml" -nt "$cpfile" || "$HOTSPOT_ROOT/pom.xml" -nt "$cpfile" ]]; then
    (cd "$HOTSPOT_ROOT" && mvn_locked -pl jobs dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >&2)
  fi
  printf '%s:%s:%s' "$target/classes" "$HOTSPOT_ROOT/schemas/target/classes" "$(cat "$cpfile")"
}

# Runs a main class of the jobs module with the project's JVM flags.
run_java() {
  local main="$1"; shift
  local cp
  cp="$(jobs_classpath)"
  exec java ${HOTSPOT_JAVA_OPTS:--Xmx2g} -Dfile.encoding=UTF-8 \
    -Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.io,java.net,org.apache.avro.util,org.powerhotspots.schema \
    -Dlog4j2.configurationFile="$HOTSPOT_ROOT/scripts/lib/log4j2-cli.xml" \
    -cp "$cp" "$main" "$@"
}
