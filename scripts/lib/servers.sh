# Start/stop helpers for the real Kafka (KRaft) and Elasticsearch servers on loopback.
# Used by scripts/stack and by the integration-test fixtures. Source it; do not run it.
# shellcheck shell=bash

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$HOTSPOT_ROOT/pom.xml" | head -1; }
KAFKA_VERSION="$(pom_property kafka.version)"
ES_VERSION="$(pom_property elasticsearch.server.version)"
SERVERS_DIR="${HOTSPOT_SERVERS_DIR:-$HOTSPOT_ROOT/.servers}"
KAFKA_HOME="$SERVERS_DIR/kafka-$KAFKA_VERSION"
ES_HOME="$SERVERS_DIR/elasticsearch-$ES_VERSION"

java_home() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME"; else dirname "$(dirname "$(readlink -f "$(command -v java)")")"; fi
}

# Fetches both servers through Maven (from Maven Central) unless already there.
fetch_servers() {
  if [[ -d "$KAFKA_HOME/libs" && -x "$ES_HOME/bin/elasticsearch" ]]; then return 0; fi
  log "fetching Kafka $KAFKA_VERSION and Elasticsearch $ES_VERSION through Maven into $SERVERS_DIR …"
  (cd "$HOTSPOT_ROOT" && mvn_locked -f scripts/lib/servers-pom.xml -Dservers.dir="$SERVERS_DIR" process-resources >&2) \
    || die "could not fetch the servers through Maven (is Maven Central reachable?)"
}

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# As root, Elasticsearch runs as nobody, who may not be able to reach folders under a private
# parent (a CI clone in a 0700 temp dir). Then its home and data move under /var/tmp/hotspot-es.
nobody_can() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@" 2>/dev/null; }

es_runtime_home() {
  if [[ "$(id -u)" != 0 ]] || nobody_can test -x "$ES_HOME/bin/elasticsearch"; then echo "$ES_HOME"; return; fi
  local copy="/var/tmp/hotspot-es/elasticsearch-$ES_VERSION"
  if [[ ! -x "$copy/bin/elasticsearch" ]]; then
    mkdir -p /var/tmp/hotspot-es && chmod 755 /var/tmp/hotspot-es
    cp -a "$ES_HOME" "$copy.tmp.$$" && mv "$copy.tmp.$$" "$copy"
    chmod -R a+rX "$copy"
  fi
  echo "$copy"
}

# The folder where an instance really keeps its config, data, logs and pid (see above).
es_run_dir() {
  local dir="$1"
  if [[ -f "$dir/rundir" ]]; then cat "$dir/rundir"; return; fi
  mkdir -p "$dir"
  if [[ "$(id -u)" == 0 ]] && ! nobody_can test -x "$dir"; then
    chmod 755 "$dir" 2>/dev/null || true
    if ! nobody_can test -x "$dir"; then
      local real; real="/var/tmp/hotspot-es/data-$(printf '%s' "$dir" | md5sum | head -c 12)"
      mkdir -p "$real" && chmod 755 /var/tmp/hotspot-es
      echo "$real" > "$dir/rundir"; echo "$real"; return
    fi
  fi
  echo "$dir"
}

es_pidfile() { echo "$(es_run_dir "$1")/es.pid"; }

# es_start DATA_DIR PORT: starts Elasticsearch with its own config, data and logs under DATA_DIR.
es_start() {
  local dir port="$2" home
  dir="$(es_run_dir "$1")"
  mkdir -p "$dir"
  if pid_alive "$dir/es.pid"; then log "Elasticsearch already running (pid $(cat "$dir/es.pid"))"; return 0; fi
  home="$(es_runtime_home)"
  rm -rf "$dir/config"
  cp -r "$home/config" "$dir/config"
  mkdir -p "$dir/data" "$dir/logs" "$dir/tmp" "$dir/config/jvm.options.d"
  cat > "$dir/config/elasticsearch.yml" <<YML
cluster.name: hotspot-local
node.name: hotspot-node
network.host: 127.0.0.1
http.port: $port
transport.port: $((port + 100))
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
path.data: $dir/data
path.logs: $dir/logs
YML
  printf -- '-Xms%s\n-Xmx%s\n' "${HOTSPOT_ES_HEAP:-512m}" "${HOTSPOT_ES_HEAP:-512m}" > "$dir/config/jvm.options.d/heap.options"
  local -a as_user=()
  if [[ "$(id -u)" == 0 ]]; then
    # Elasticsearch refuses to run as root: run it as nobody, which owns only its own folder.
    chown -R nobody "$dir"
    as_user=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups)
  fi
  "${as_user[@]}" env ES_JAVA_HOME="$(java_home)" ES_PATH_CONF="$dir/config" ES_TMPDIR="$dir/tmp" \
    "$home/bin/elasticsearch" -d -p "$dir/es.pid" > "$dir/logs/console.log" 2>&1 \
    || { tail -20 "$dir/logs/console.log" >&2; die "Elasticsearch did not start (log: $dir/logs)"; }
}

es_healthy() {
  curl -fsS --max-time 2 "http://127.0.0.1:$1/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null \
    | grep -qE '"status":"(green|yellow)"'
}

# kafka_start DATA_DIR PORT: formats (once) and starts a single KRaft broker+controller.
kafka_start() {
  local dir="$1" port="$2" cport=$(( $2 + 1 ))
  mkdir -p "$dir/logs"
  if pid_alive "$dir/kafka.pid"; then log "Kafka already running (pid $(cat "$dir/kafka.pid"))"; return 0; fi
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/log-data
num.partitions=2
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  cat > "$dir/log4j2.xml" <<'XML'
<Configuration status="WARN">
  <Appenders><File name="file" fileName="${sys:kafka.logs.dir}/server.log"><PatternLayout pattern="[%d] %p %m (%c)%n"/></File></Appenders>
  <Loggers><Root level="INFO"><AppenderRef ref="file"/></Root></Loggers>
</Configuration>
XML
  local -a jvm=(java -Xmx512m -Xms256m -Dkafka.logs.dir="$dir/logs" -Dlog4j2.configurationFile="$dir/log4j2.xml" -cp "$KAFKA_HOME/libs/*")
  # Kafka cannot read metadata a newer Kafka wrote (this release pins 4.2.0, the Kafka connector's own version;
  # the previous one ran 4.3.1). The local stack's data is replayable: set it aside, say so, and start afresh.
  if [[ -f "$dir/log-data/meta.properties" && "$(cat "$dir/kafka.version" 2>/dev/null)" != "$KAFKA_VERSION" ]]; then
    local aside
    aside="$dir/log-data.$(cat "$dir/kafka.version" 2>/dev/null || echo before-$KAFKA_VERSION).$(date +%s)"
    log "the stack's Kafka data was written by another Kafka version than $KAFKA_VERSION: moved to $aside; topics start empty"
    mv "$dir/log-data" "$aside"
  fi
  if [[ ! -f "$dir/log-data/meta.properties" ]]; then
    "${jvm[@]}" kafka.tools.StorageTool format -t "$(printf 'hotspot-%s' "$(date +%s)" | md5sum | head -c 22)" \
      -c "$dir/server.properties" > "$dir/logs/format.log" 2>&1 \
      || { cat "$dir/logs/format.log" >&2; die "kafka storage format failed"; }
    echo "$KAFKA_VERSION" > "$dir/kafka.version"
  fi
  nohup "${jvm[@]}" kafka.Kafka "$dir/server.properties" > "$dir/logs/console.log" 2>&1 &
  echo $! > "$dir/kafka.pid"
}

kafka_tool() { java -Xmx256m -Dlog4j2.configurationFile="$HOTSPOT_ROOT/scripts/lib/log4j2-cli.xml" -cp "$KAFKA_HOME/libs/*" "$@"; }

kafka_healthy() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$1" --list >/dev/null 2>&1
}

# stop_pid PIDFILE NAME: stops a server by its pid and waits until it is gone.
stop_pid() {
  local pidfile="$1" name="$2"
  if ! pid_alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  log "stopping $name (pid $pid)…"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "$name did not stop in 30 s; killing it"; kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
}
