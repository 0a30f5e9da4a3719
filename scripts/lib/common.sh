# Shared helpers for the scripts in scripts/. Source it; do not run it.
# shellcheck shell=bash

HOTSPOT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HOTSPOT_ROOT

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Maven runs one at a time on a small machine; scripts may be started in parallel.
# A script run by a test under scripts/test's own lock (HOTSPOT_MVN_LOCK_HELD=1) must not wait for it.
mvn_locked() {
  local lock="/tmp/mvn.lock"
  if [[ "${HOTSPOT_MVN_LOCK_HELD:-}" != 1 ]] && command -v flock >/dev/null 2>&1; then
    flock "$lock" mvn -B -q "$@"
  else
    mvn -B -q "$@"
  fi
}

# The project's modules in build order, and what each one's classpath needs of the others.
declare -A HOTSPOT_MODULE_DEPS=(
  [core]="core"
  [sim]="core sim"
  [tools]="core tools"
  [stream]="core stream"
  [bench]="core stream bench"
)

# Builds the project (tests skipped) when any source, resource or pom is newer than the last build.
ensure_built() {
  local stamp="$HOTSPOT_ROOT/jobs/stream/target/.built"
  if [[ ! -f "$stamp" ]] || [[ -n "$(find "$HOTSPOT_ROOT/pom.xml" "$HOTSPOT_ROOT/schemas" "$HOTSPOT_ROOT/jobs" \
        "$HOTSPOT_ROOT/conf" "$HOTSPOT_ROOT/dashboards/templates" -path '*/target' -prune -o -type f -newer "$stamp" -print -quit)" ]]; then
    log "building the project (tests skipped)…"
    (cd "$HOTSPOT_ROOT" && mvn_locked -DskipTests install >&2) || die "the build failed (see the Maven output above)"
    touch "$stamp"
  fi
}

# Echoes a module's classpath: its classes and the project modules it uses, then its compile and
# provided dependencies (Flink and logging for the embedded cluster) — never test scope.
module_classpath() {
  local module="$1" deps="${HOTSPOT_MODULE_DEPS[$1]:-}"
  [[ -n "$deps" ]] || die "unknown module: $module"
  ensure_built
  local cpfile="$HOTSPOT_ROOT/jobs/$module/target/classpath.txt"
  if [[ ! -f "$cpfile" || "$HOTSPOT_ROOT/jobs/$module/pom.xml" -nt "$cpfile" || "$HOTSPOT_ROOT/pom.xml" -nt "$cpfile" ]]; then
    (cd "$HOTSPOT_ROOT" && mvn_locked -pl "jobs/$module" dependency:build-classpath -Dmdep.includeScope=compile \
        -Dmdep.excludeGroupIds=org.powerhotspots -Dmdep.outputFile="$cpfile" >&2)
  fi
  local cp="$HOTSPOT_ROOT/schemas/target/classes" m
  for m in $deps; do cp="$HOTSPOT_ROOT/jobs/$m/target/classes:$cp"; done
  printf '%s:%s' "$cp" "$(cat "$cpfile")"
}

# The JVM flags every script's Java process gets (heap from HOTSPOT_JAVA_OPTS, default 2 GB).
hotspot_java_flags() {
  # shellcheck disable=SC2086
  printf '%s\n' ${HOTSPOT_JAVA_OPTS:--Xmx2g} -Dfile.encoding=UTF-8 \
    "-Dlog4j2.configurationFile=$HOTSPOT_ROOT/scripts/lib/log4j2-cli.xml"
}

# Runs a main class of a module on that module's classpath: run_java MODULE MAIN [args…]
run_java() {
  local module="$1" main="$2"; shift 2
  local cp
  cp="$(module_classpath "$module")"
  local -a flags
  mapfile -t flags < <(hotspot_java_flags)
  exec java "${flags[@]}" -cp "$cp" "$main" "$@"
}

# From scripts/nab's output on stdin: the standard profile's score at the detector's fixed threshold.
nab_standard_score() {
  awk '$1 == "standard" && NF == 5 { print $2 }'
}
