# Sourced by start, stop and create-topics; not meant to be run.
# shellcheck shell=bash

KAFKA_HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_LIB="$KAFKA_HOME_DIR/lib"
KAFKA_LOG4J="$KAFKA_HOME_DIR/log4j2.xml"
KAFKA_DEFAULT_DATA="$KAFKA_HOME_DIR/data"

JAVA="java"
[[ -n "${JAVA_HOME:-}" ]] && JAVA="$JAVA_HOME/bin/java"

die() {
  echo "kafka: $*" >&2
  exit 1
}

need_value() {
  [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value"
}

# lib/ is filled from pom.xml by Maven. It is built beside and swapped in whole, so an interrupted download never
# leaves a half-filled lib/ that later runs would trust; the marker also notices a changed pom.
ensure_lib() {
  if [[ -f "$KAFKA_LIB/.complete" && ! "$KAFKA_HOME_DIR/pom.xml" -nt "$KAFKA_LIB/.complete" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed once to download the Kafka jars into $KAFKA_LIB"
  echo "kafka: downloading the Kafka jars into $KAFKA_LIB (once)..." >&2
  local tmp="$KAFKA_LIB.tmp.$$"
  rm -rf "$tmp"
  # outputDirectory must be absolute: Maven resolves a relative one against the pom's directory, not the caller's.
  if ! mvn -q -B -ntp -Dstyle.color=never -f "$KAFKA_HOME_DIR/pom.xml" dependency:copy-dependencies -DoutputDirectory="$tmp" >&2; then
    rm -rf "$tmp"
    die "downloading the Kafka jars failed"
  fi
  touch "$tmp/.complete"
  rm -rf "$KAFKA_LIB"
  mv "$tmp" "$KAFKA_LIB"
}

# Runs a class from lib/ in the foreground, for short-lived tools.
kafka_run_class() {
  "$JAVA" ${KAFKA_TOOL_HEAP_OPTS:--Xmx256m} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$KAFKA_LOG4J" -cp "$KAFKA_LIB/*" "$@"
}

# Absolute path of a data directory, created if missing, so pid files and properties work from any directory.
resolve_data_dir() {
  mkdir -p "$1"
  (cd "$1" && pwd)
}

# True when PID is a live (not zombie) broker started on this data directory: a pid file that outlived its process
# (a reboot, a kill -9) can name an unrelated process by now.
broker_alive() {
  local pid="$1" data="$2" line
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  line="$(ps -ww -o stat=,args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$line" != Z* && "$line" == *kafka.Kafka* && "$line" == *"$data/server.properties"* ]]
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
