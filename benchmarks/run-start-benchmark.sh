#!/usr/bin/env bash
# Runs the start benchmark: builds the service and the sandbox, then starts each several times and
# prints how long it took to be of use.
#
# - The service: its packaged jar, extracted and started as the container image starts it (`java
#   -jar application.jar` beside its lib/, the parallel collector, the class data archive the JVM
#   writes at the first exit and maps at every later start), on its embedded PostgreSQL: from the
#   launch of `java` to the first readiness probe that answers UP, and the JVM's own account of
#   when the application context was up ("process running for"). --extract=false runs the
#   executable jar as it is, --cds=false leaves the archive out, --aot=true uses JDK 24+'s AOT cache
#   instead (the first start trains it, -XX:AOTCacheOutput; later ones map it, -XX:AOTCache).
# - The sandbox: the README's `./mvnw -pl sandbox -am spring-boot:run@sandbox` (with ports and a
#   data directory of its own), from the command, and from the start of the sandbox's JVM, to the
#   line just before its banner ("All 4 simulated clusters are Ready").
#
# The first run of each starts on an empty data directory (initdb, joins), the later ones on the
# data the first left, as a restart does.
#
# Usage: benchmarks/run-start-benchmark.sh [--runs=4] [--service=false] [--sandbox=false]
#        [--service-args="--some.property=value"] [--jvm-args="-XX:..."] [--build=false]
#        [--logs=<directory to keep each start's log in>] [--extract=false] [--cds=false]
#        [--aot=true] [--patience=300 (seconds a start may take before the run gives up)]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=4
service=true
sandbox=true
build=true
extra_args=""
jvm_args=""
logs=""
extract=true
cds=true
aot=false
patience=300
for arg in "$@"; do
  case "$arg" in
    --runs=*) runs="${arg#*=}" ;;
    --service=*) service="${arg#*=}" ;;
    --sandbox=*) sandbox="${arg#*=}" ;;
    --build=*) build="${arg#*=}" ;;
    --service-args=*) extra_args="${arg#*=}" ;;
    --jvm-args=*) jvm_args="${arg#*=}" ;;
    --logs=*) logs="${arg#*=}" ;;
    --extract=*) extract="${arg#*=}" ;;
    --cds=*) cds="${arg#*=}" ;;
    --aot=*) aot="${arg#*=}" cds=false ;;
    --patience=*) patience="${arg#*=}" ;;
    *) echo "unknown argument $arg" >&2; exit 2 ;;
  esac
done

# The JDK 21+ the build's toolchain would pick: JAVA_HOME if it is one, else the first installed.
find_java() {
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java.specification.version = //p')
    if [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      echo "$home/bin/java"
      return
    fi
  done
  echo "no JDK 21 or later found; set JAVA_HOME" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

now_ms() {
  echo $(($(date +%s%N) / 1000000))
}


if [ "$build" = true ]; then
  ./mvnw -B -q -pl sandbox -am -DskipTests package
fi
java=$(find_java)
jar=$(ls federation-api/target/ubernetes-federation-api-*-exec.jar)
work=$(mktemp -d /tmp/ubernetes-start-benchmark.XXXXXX)
if [ "$extract" = true ]; then
  "$java" -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
  jar="$work/app/$(basename "$jar")"
fi
# The options of the image (federation-api/Dockerfile) but for the heap, which it sizes by the
# container's memory.
service_jvm_args="-XX:+UseParallelGC"
if [ "$cds" = true ]; then
  service_jvm_args="$service_jvm_args -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$work/service.jsa"
fi
if [ -n "$jvm_args" ]; then
  service_jvm_args="$jvm_args"
fi
child=""
cleanup() {
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

keep_log() {
  if [ -n "$logs" ]; then
    mkdir -p "$logs"
    cp "$1" "$logs/$(basename "$1" .log)-$(date +%H%M%S).log"
  fi
}

# JDK 24+'s AOT cache, when asked for: trained by the first start, used by the later ones.
aot_args() {
  if [ "$aot" = true ]; then
    if [ -f "$work/service.aot" ]; then
      echo "-XX:AOTCache=$work/service.aot"
    else
      echo "-XX:AOTCacheOutput=$work/service.aot"
    fi
  fi
}

# The process among $1's descendants whose command line holds $2.
descendant() {
  local child
  for child in $(pgrep -P "$1" || true); do
    if tr '\0' ' ' <"/proc/$child/cmdline" 2>/dev/null | grep -q "$2"; then
      echo "$child"
      return
    fi
    descendant "$child" "$2"
  done
}

# One start of the service on the data directory $1: sets ready (launch to ready, ms) and uptime
# (the JVM's uptime when the application context was up, s).
service_start() {
  local data=$1 log=$1.log port dns t0 t1
  port=$(free_port)
  dns=$(free_port)
  t0=$(now_ms)
  # shellcheck disable=SC2086 # the options are words
  "$java" $service_jvm_args $(aot_args) -jar "$jar" --server.port="$port" --ubernetes.dns.port="$dns" \
    --ubernetes.database.embedded.data-directory="$data/postgres" \
    --ubernetes.agents.data-directory="$data" $extra_args >"$log" 2>&1 &
  child=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health/readiness" 2>/dev/null \
    | grep -q '"status":"UP"'; do
    if ! kill -0 "$child" 2>/dev/null; then
      echo "the service exited before it was ready; its log:" >&2
      tail -40 "$log" >&2
      exit 1
    fi
    if [ $(($(now_ms) - t0)) -gt $((patience * 1000)) ]; then
      echo "the service was not ready after $patience s; its log:" >&2
      tail -40 "$log" >&2
      exit 1
    fi
    sleep 0.05
  done
  t1=$(now_ms)
  kill -TERM "$child"
  wait "$child" || true
  child=""
  ready=$((t1 - t0))
  keep_log "$log"
  uptime=$(sed -n 's/.*Started FederationApplication in [0-9.]* seconds (process running for \([0-9.]*\)).*/\1/p' "$log")
}

# One start of the sandbox on the data directory $1: sets command (the command's start to the line
# before the banner, ms) and jvm (the sandbox JVM's start to that line, ms).
sandbox_start() {
  local data=$1 log=$1.log port dns t0 tjvm="" t1
  jvm=""
  port=$(free_port)
  dns=$(free_port)
  t0=$(now_ms)
  ./mvnw -B -q -pl sandbox -am spring-boot:run@sandbox \
    -Dspring-boot.run.arguments="--server.port=$port --ubernetes.dns.port=$dns --ubernetes.agents.data-directory=$data --ubernetes.database.embedded.data-directory=$data/postgres $extra_args" \
    >"$log" 2>&1 &
  child=$!
  until grep -q "simulated clusters are Ready" "$log"; do
    if ! kill -0 "$child" 2>/dev/null; then
      echo "the sandbox exited before its banner; its log:" >&2
      tail -40 "$log" >&2
      exit 1
    fi
    if [ $(($(now_ms) - t0)) -gt $((patience * 1000)) ]; then
      echo "no banner after $patience s; the sandbox's log:" >&2
      tail -40 "$log" >&2
      exit 1
    fi
    if [ -z "$jvm" ]; then
      jvm=$(descendant "$child" SandboxApplication)
      if [ -n "$jvm" ]; then
        tjvm=$(now_ms)
      fi
    fi
    sleep 0.05
  done
  t1=$(now_ms)
  if [ -z "$jvm" ]; then
    jvm=$(descendant "$child" SandboxApplication)
  fi
  if [ -n "$jvm" ]; then
    kill -TERM "$jvm"
  fi
  wait "$child" || true
  child=""
  command=$((t1 - t0))
  keep_log "$log"
  jvm=$((t1 - ${tjvm:-$t0}))
}

echo "Ubernetes start benchmark: $(nproc) cores, $("$java" -version 2>&1 | head -1), $runs starts each"
if [ "$service" = true ]; then
  echo
  echo "The service (java $service_jvm_args -jar $(basename "$jar") $extra_args):"
  printf '%-6s %-6s %18s %24s\n' run start "launch to ready ms" "JVM uptime at Started s"
  for i in $(seq 1 "$runs"); do
    service_start "$work/service"
    printf '%-6s %-6s %18s %24s\n' "$i" "$([ "$i" = 1 ] && echo first || echo later)" "$ready" "$uptime"
  done
fi
if [ "$sandbox" = true ]; then
  echo
  echo "The sandbox (./mvnw -pl sandbox -am spring-boot:run@sandbox):"
  printf '%-6s %-6s %20s %16s\n' run start "command to banner ms" "JVM to banner ms"
  for i in $(seq 1 "$runs"); do
    sandbox_start "$work/sandbox"
    printf '%-6s %-6s %20s %16s\n' "$i" "$([ "$i" = 1 ] && echo first || echo later)" "$command" "$jvm"
  done
fi
