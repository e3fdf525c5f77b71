# Sourced by the scripts of the local Flink session cluster; not meant to be run.
# shellcheck shell=bash

FLINK_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$FLINK_LOCAL_DIR/../../.." && pwd)"
FLINK_LIB="$FLINK_LOCAL_DIR/lib"
FLINK_DEFAULT_WORK="$FLINK_LOCAL_DIR/work"
FLINK_CONF_TEMPLATE="$REPO_ROOT/flink-conf/local/config.yaml"
JOB_JAR="$REPO_ROOT/target/dns-hunter.jar"

JAVA="java"
[[ -n "${JAVA_HOME:-}" ]] && JAVA="$JAVA_HOME/bin/java"

# Flink 2.x reflects into these JDK packages on Java 17; the client needs them as much as the cluster does
# (it serialises the job graph).
FLINK_JVM_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.math=ALL-UNNAMED
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
)

die() {
  echo "flink: $*" >&2
  exit 1
}

usage_error() {
  echo "flink: $*" >&2
  usage >&2
  exit 2
}

need_value() {
  [[ $# -ge 2 && -n "$2" ]] || usage_error "$1 needs a value"
}

# lib/ is filled from pom.xml by Maven. It is built beside and swapped in whole, so an interrupted download never
# leaves a half-filled lib/ that later runs would trust; the marker also notices a changed pom.
ensure_lib() {
  if [[ -f "$FLINK_LIB/.complete" && ! "$FLINK_LOCAL_DIR/pom.xml" -nt "$FLINK_LIB/.complete" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed once to download the Flink jars into $FLINK_LIB"
  echo "flink: downloading the Flink 2.2.0 jars into $FLINK_LIB (once)..." >&2
  local tmp="$FLINK_LIB.tmp.$$"
  rm -rf "$tmp"
  # outputDirectory must be absolute: Maven resolves a relative one against the pom's directory, not the caller's.
  local log="$FLINK_LOCAL_DIR/lib-download.log"
  if ! mvn -B -ntp -Dstyle.color=never -f "$FLINK_LOCAL_DIR/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" >"$log" 2>&1; then
    grep -E 'ERROR|FAIL' "$log" | head -n 20 >&2
    rm -rf "$tmp"
    die "downloading the Flink jars failed (see $log)"
  fi
  rm -f "$log"
  touch "$tmp/.complete"
  rm -rf "$FLINK_LIB"
  mv "$tmp" "$FLINK_LIB"
}

# Absolute path of a work directory, created if missing, so pid files and the conf dir work from any directory.
resolve_work_dir() {
  mkdir -p "$1"
  (cd "$1" && pwd)
}

# An existing work directory, made absolute; commands other than start-cluster have nothing to do without one.
existing_work_dir() {
  [[ -d "$1" ]] || die "no cluster work directory $1 (start one with start-cluster)"
  (cd "$1" && pwd)
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# True when PID is a live (not zombie) process of CLASS started on this work directory's conf dir: a pid file that
# outlived its process (a reboot, a kill -9) can name an unrelated process by now.
flink_alive() {
  local pid="$1" class="$2" work="$3" line
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  line="$(ps -ww -o stat=,args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$line" != Z* && "$line" == *"$class"* && "$line" == *"--configDir $work/conf"* ]]
}

JM_CLASS="org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"
TM_CLASS="org.apache.flink.runtime.taskexecutor.TaskManagerRunner"

# Value of a top-level KEY in the generated config.yaml (flat keys only, which is how the template is written).
conf_value() {
  sed -n "s/^$(sed 's/\./\\./g' <<<"$1"):[[:space:]]*\([^#]*[^#[:space:]]\).*$/\1/p" "$2/conf/config.yaml" | tail -n 1
}

rest_port() {
  local p
  p="$(conf_value rest.port "$1")"
  [[ "$p" =~ ^[0-9]+$ ]] || die "no rest.port in $1/conf/config.yaml"
  echo "$p"
}

# GET on the cluster's REST API; fails (quietly) when it does not answer with 2xx.
rest_get() {
  curl -sf --max-time 5 "http://127.0.0.1:$1$2"
}

# The number after "KEY": in a flat JSON object such as /overview.
json_number() {
  sed -n "s/.*\"$1\":\([0-9][0-9]*\).*/\1/p" <<<"$2"
}

# Runs Flink's command-line client against the cluster of a work directory (its conf dir says where the REST API is).
flink_cli() {
  (flink_cli_exec "$@")
}

# The same, replacing the calling shell: `flink_cli_exec ... &` makes $! the client JVM itself, so killing $! stops
# the client and does not orphan it.
flink_cli_exec() {
  local work="$1"
  shift
  export FLINK_CONF_DIR="$work/conf" FLINK_PLUGINS_DIR="$work/plugins"
  # shellcheck disable=SC2086
  exec "$JAVA" ${FLINK_CLIENT_JAVA_OPTS:--Xmx512m} "${FLINK_JVM_OPENS[@]}" \
    -Dlog4j.configurationFile="$FLINK_LOCAL_DIR/log4j2-client.xml" \
    -cp "$FLINK_LIB/*" org.apache.flink.client.cli.CliFrontend "$@"
}

# The cluster of a work directory must be up for the client commands; saying so beats the client's connection retries.
require_running() {
  local port
  [[ -f "$1/conf/config.yaml" ]] || die "no cluster in $1 (start one with start-cluster)"
  port="$(rest_port "$1")"
  rest_get "$port" /overview >/dev/null || die "no JobManager answers on 127.0.0.1:$port (start-cluster --work-dir $1)"
}

JOB_ID_PATTERN='^[0-9a-f]{32}$'
