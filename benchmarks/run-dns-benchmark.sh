#!/usr/bin/env bash
# Compares the federation's authoritative DNS server with Knot DNS under dnsperf, on the same zone
# and the same queries, each server pinned to one core and dnsperf to the other. For each server
# and zone size: the maximum rate (the best of a few depths of outstanding queries), with losses,
# latency and the server's CPU time per query, then a fixed rate with its losses. Prints a table
# and the targets at the end; takes about three minutes with both servers.
#
#   benchmarks/run-dns-benchmark.sh [--name=value ...]
#
# Options (each also read from the environment variable in brackets; a flag wins):
#   --services=500,5000      zone sizes to generate [SERVICES]
#   --generator=CMD          zone generator, run as `CMD --services=N --origin=O --out=DIR`; it
#                            writes DIR/zone.db and DIR/queries.txt [ZONE_GENERATOR]
#                            (default benchmarks/dns/generate-zone.sh)
#   --zone=PATH --origin=NAME --queries=PATH
#                            benchmark this zone file and query file instead of generated ones
#                            (one size, labelled by --services) [ZONE_FILE ZONE_ORIGIN QUERY_FILE]
#   --our-server-cmd=CMD     the server under test [OUR_SERVER_CMD]; unset: cross-cluster-dns
#                            serving DIR/records.json (built here); `none`: Knot only. A shell
#                            command line in which {port}, {zone}, {origin}, {queries}, {dir} (the
#                            generator's output folder) and {services} are replaced; it must
#                            listen on 127.0.0.1:{port} (UDP) and answer for the origin. It is run
#                            with `exec`, so a plain `java ...` is the process measured; wrappers
#                            that fork are measured with their children.
#   --duration=10            seconds of each maximum-rate run [DURATION]
#   --outstanding=100,400    outstanding-query depths tried for the maximum rate: the best rate
#                            that lost nothing, or the best rate if every depth lost queries
#                            [OUTSTANDING]
#   --clients=4              dnsperf clients (sockets) [CLIENTS]
#   --rate=20000             the fixed rate, queries per second [RATE]
#   --rate-duration=10       seconds of the fixed-rate run [RATE_DURATION]
#   --warmup=10              seconds of load before measuring, for both servers [WARMUP]
#   --timeout=2              seconds after which dnsperf counts a query lost [TIMEOUT]
#   --knot-port=15353 --our-port=15354
#                            first ports tried; the next free ones are used [KNOT_PORT OUR_PORT]
#   --server-cpu=0 --client-cpu=1
#                            cores for the servers and for dnsperf [SERVER_CPU CLIENT_CPU]
#   --startup-timeout=120    seconds a server may take to answer [STARTUP_TIMEOUT]
#
# dnsperf and dig come from the distribution when missing. Knot's package is not installed (it
# would start a daemon on every interface): its .deb and those of the libraries it needs that are
# missing are unpacked into benchmarks/target/dns-benchmark/knot and knotd runs from there with
# its own loopback-only configuration. Everything listens on 127.0.0.1 and is stopped by its PID.
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$PWD

services=${SERVICES:-500,5000}
generator=${ZONE_GENERATOR:-$root_dir/benchmarks/dns/generate-zone.sh}
zone_file=${ZONE_FILE:-}
zone_origin=${ZONE_ORIGIN:-ubernetes.local.}
query_file=${QUERY_FILE:-}
our_cmd=${OUR_SERVER_CMD:-}
duration=${DURATION:-10}
outstanding=${OUTSTANDING:-100,400}
clients=${CLIENTS:-4}
rate=${RATE:-20000}
rate_duration=${RATE_DURATION:-10}
warmup=${WARMUP:-10}
timeout=${TIMEOUT:-2}
knot_port=${KNOT_PORT:-15353}
our_port=${OUR_PORT:-15354}
server_cpu=${SERVER_CPU:-0}
client_cpu=${CLIENT_CPU:-1}
startup_timeout=${STARTUP_TIMEOUT:-120}

for arg in "$@"; do
  value=${arg#*=}
  case "$arg" in
    --services=*) services=$value ;;
    --generator=*) generator=$value ;;
    --zone=*) zone_file=$value ;;
    --origin=*) zone_origin=$value ;;
    --queries=*) query_file=$value ;;
    --our-server-cmd=*) our_cmd=$value ;;
    --duration=*) duration=$value ;;
    --outstanding=*) outstanding=$value ;;
    --clients=*) clients=$value ;;
    --rate=*) rate=$value ;;
    --rate-duration=*) rate_duration=$value ;;
    --warmup=*) warmup=$value ;;
    --timeout=*) timeout=$value ;;
    --knot-port=*) knot_port=$value ;;
    --our-port=*) our_port=$value ;;
    --server-cpu=*) server_cpu=$value ;;
    --client-cpu=*) client_cpu=$value ;;
    --startup-timeout=*) startup_timeout=$value ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (see --help)" >&2; exit 2 ;;
  esac
done
case "$zone_origin" in *.) ;; *) zone_origin="$zone_origin." ;; esac
if [ -n "$zone_file" ] && [ -z "$query_file" ]; then
  echo "--zone needs --queries (and --origin unless it is ubernetes.local.)" >&2
  exit 2
fi
IFS=', ' read -r -a sizes <<< "$services"
IFS=', ' read -r -a depths <<< "$outstanding"
if [ -n "$zone_file" ] && [ "${#sizes[@]}" -ne 1 ]; then
  sizes=(given)
fi

work_dir=$root_dir/benchmarks/target/dns-benchmark
mkdir -p "$work_dir"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dns-benchmark.XXXXXX")
clk_tck=$(getconf CLK_TCK)
started=()

stop_server() {
  local pid=$1
  # Servers run in their own process group (setsid), so a wrapper's children go with it.
  kill -TERM -- "-$pid" 2> /dev/null || kill -TERM "$pid" 2> /dev/null || return 0
  for _ in $(seq 50); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
}

cleanup() {
  local pid
  for pid in "${started[@]}"; do stop_server "$pid"; done
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The package lists may be empty on a fresh machine; refresh them once, only when a look-up fails.
apt_ready=false
apt_lists() {
  if ! $apt_ready && ! apt-cache show "$1" > /dev/null 2>&1; then
    as_root apt-get update -q > /dev/null
  fi
  apt_ready=true
}

need_command() {
  local command=$1 package=$2
  if ! command -v "$command" > /dev/null; then
    say "Installing $package..."
    apt_lists "$package"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" > /dev/null
  fi
}

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2> /dev/null)" = installed ]
}

knot_root=$work_dir/knot
knot_libs() {
  find "$knot_root" -name '*.so*' -printf '%h\n' 2> /dev/null | sort -u | paste -sd: -
}

# Sets knotd and knot_env: the distribution's knotd when the package is installed, otherwise
# one unpacked from the .debs of knot and of whichever of its libraries are not installed.
fetch_knot() {
  if installed knot && [ -x /usr/sbin/knotd ]; then
    knotd=/usr/sbin/knotd
    knot_env=()
    return
  fi
  knotd=$knot_root/usr/sbin/knotd
  if [ ! -x "$knotd" ]; then
    apt_lists knot
    # Walk the library dependencies from knot down, keeping those not installed.
    local wanted=(knot) queue=(knot) seen=" knot " package dep
    while [ "${#queue[@]}" -gt 0 ]; do
      package=${queue[0]}
      queue=("${queue[@]:1}")
      for dep in $(apt-cache depends "$package" | awk '$1 ~ /^\|?(Pre)?Depends:$/ && $2 ~ /^lib/ {print $2}'); do
        case "$seen" in *" $dep "*) continue ;; esac
        seen="$seen$dep "
        if ! installed "$dep"; then
          wanted+=("$dep")
          queue+=("$dep")
        fi
      done
    done
    say "Fetching ${wanted[*]} (unpacked into ${knot_root#"$root_dir"/}, not installed)..."
    local debs=$work_dir/debs
    rm -rf "$debs" "$knot_root"
    mkdir -p "$debs" "$knot_root"
    # apt downloads as _apt when it can write the folder, and warns otherwise.
    if id _apt > /dev/null 2>&1; then chown _apt "$debs" 2> /dev/null || true; fi
    (cd "$debs" && apt-get download -q "${wanted[@]}" > /dev/null)
    for package in "$debs"/*.deb; do dpkg -x "$package" "$knot_root"; done
    rm -rf "$debs"
  fi
  knot_env=(env "LD_LIBRARY_PATH=$(knot_libs)")
  if "${knot_env[@]}" ldd "$knotd" | grep 'not found' >&2; then
    say "knotd lacks the libraries above: remove $knot_root and install them, or rerun"
    exit 1
  fi
}

# The first port from $1 on that nothing listens on, UDP or TCP, on any address.
free_port() {
  local port=$1
  while [ -n "$(ss -Hlntu "( sport = :$port )" 2> /dev/null)" ]; do port=$((port + 1)); done
  echo "$port"
}

# utime+stime of process $1 and its descendants, in clock ticks. The comm field may hold spaces,
# so each line is read from after its last ')'.
tree_ticks() {
  cat /proc/[0-9]*/stat 2> /dev/null | awk -v top="$1" '
    { pid = $1; sub(/.*\) /, ""); parent[pid] = $2; ticks[pid] = $12 + $13 }
    END {
      for (pid in parent) {
        for (p = pid; p != top && (p in parent); p = parent[p]) {}
        if (p == top) total += ticks[pid]
      }
      print total + 0
    }'
}

udp_drops() {
  awk '$1 == "Udp:" && $6 ~ /^[0-9]+$/ { print $6 }' /proc/net/snmp
}

# Waits until the server on port $2 answers the SOA of the origin, while process $1 lives.
wait_ready() {
  local pid=$1 port=$2 log=$3 deadline=$((SECONDS + startup_timeout))
  until dig +time=1 +tries=1 +norec -p "$port" @127.0.0.1 "$zone_origin" SOA 2> /dev/null \
      | grep -q 'status: NOERROR'; do
    if ! kill -0 "$pid" 2> /dev/null || [ $SECONDS -ge $deadline ]; then
      say "the server on port $port did not answer; its log ($log):"
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

start_knot() {
  local zone=$1 dir=$scratch/knot
  rm -rf "$dir"
  mkdir -p "$dir/run" "$dir/storage"
  # One worker of each kind so that Knot, like the server under test, answers on one thread; the
  # zone is loaded whole and never written back, no journal.
  cat > "$dir/knot.conf" << EOF
server:
    rundir: "$dir/run"
    listen: 127.0.0.1@$port
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
database:
    storage: "$dir/storage"
log:
  - target: stderr
    any: warning
zone:
  - domain: $zone_origin
    file: "$zone"
    storage: "$dir/storage"
    zonefile-load: whole
    zonefile-sync: -1
    journal-content: none
    semantic-checks: off
EOF
  "${knot_env[@]}" setsid taskset -c "$server_cpu" "$knotd" -c "$dir/knot.conf" > "$dir/knot.log" 2>&1 &
  server_pid=$!
  started+=("$server_pid")
  server_log=$dir/knot.log
}

start_ours() {
  local zone=$1 queries=$2 out=$3 size=$4 cmd=$our_cmd
  cmd=${cmd//\{port\}/$port}
  cmd=${cmd//\{zone\}/$zone}
  cmd=${cmd//\{origin\}/$zone_origin}
  cmd=${cmd//\{queries\}/$queries}
  cmd=${cmd//\{dir\}/$out}
  cmd=${cmd//\{services\}/$size}
  server_log=$work_dir/ours-$size.log
  say "  $cmd"
  setsid taskset -c "$server_cpu" bash -c "exec $cmd" > "$server_log" 2>&1 &
  server_pid=$!
  started+=("$server_pid")
}

# One dnsperf run against the server ($1 PID, $2 port); sets r_qps r_sent r_lost r_lat_ms
# r_cpu_us (server CPU per completed query) r_core (share of a core) r_drops (kernel UDP receive
# buffer drops, all sockets) and keeps dnsperf's output in $log.
dnsperf_run() {
  local pid=$1 port=$2 queries=$3 seconds=$4 depth=$5 qps_limit=$6 log=$7
  local limit=() t0 t1 d0 d1 ns0 ns1 completed
  if [ "$qps_limit" -gt 0 ]; then limit=(-Q "$qps_limit"); fi
  t0=$(tree_ticks "$pid")
  d0=$(udp_drops)
  ns0=$(date +%s%N)
  taskset -c "$client_cpu" dnsperf -s 127.0.0.1 -p "$port" -d "$queries" -l "$seconds" \
    -c "$clients" -T 1 -q "$depth" -t "$timeout" "${limit[@]}" -O suppress=timeouts > "$log" 2>&1 || true
  ns1=$(date +%s%N)
  t1=$(tree_ticks "$pid")
  d1=$(udp_drops)
  if ! grep -q 'Queries per second' "$log"; then
    say "dnsperf failed:"
    tail -20 "$log" >&2
    exit 1
  fi
  r_sent=$(awk '/Queries sent:/ {print $3}' "$log")
  completed=$(awk '/Queries completed:/ {print $3}' "$log")
  r_lost=$(awk '/Queries lost:/ {print $3}' "$log")
  r_qps=$(awk '/Queries per second:/ {printf "%.0f", $4}' "$log")
  r_lat_ms=$(awk '/Average Latency/ {printf "%.3f", $4 * 1000}' "$log")
  r_cpu_us=$(awk -v t=$((t1 - t0)) -v hz="$clk_tck" -v n="$completed" \
    'BEGIN { if (n > 0) printf "%.2f", t / hz * 1e6 / n; else print "-" }')
  r_core=$(awk -v t=$((t1 - t0)) -v hz="$clk_tck" -v ns=$((ns1 - ns0)) \
    'BEGIN { printf "%.0f", t / hz / (ns / 1e9) * 100 }')
  r_drops=$((d1 - d0))
}

declare -A qps lost lat cpu core depth_of lost_rate lat_rate cpu_rate

# Warm-up, maximum rate and fixed rate of one running server.
measure() {
  local name=$1 size=$2 pid=$3 port=$4 queries=$5 key="$1/$2" q best=-1 best_lossless=false
  local logs=$work_dir/logs
  mkdir -p "$logs"
  if [ "$warmup" -gt 0 ]; then
    dnsperf_run "$pid" "$port" "$queries" "$warmup" "${depths[0]}" 0 "$logs/$name-$size-warmup.txt"
    say "  warm-up ${warmup} s: $r_qps qps"
  fi
  for q in "${depths[@]}"; do
    dnsperf_run "$pid" "$port" "$queries" "$duration" "$q" 0 "$logs/$name-$size-max-q$q.txt"
    say "  -q $q: $r_qps qps, lost $r_lost of $r_sent (kernel UDP drops $r_drops), avg ${r_lat_ms} ms, server ${r_cpu_us} us CPU/query, ${r_core}% of a core"
    # A depth that loses nothing wins over a deeper one that overflows a socket buffer for a few
    # more queries per second; among equals, the higher rate.
    if { [ "$r_lost" -eq 0 ] && ! $best_lossless; } \
        || { [ "$r_qps" -gt "$best" ] && { [ "$r_lost" -eq 0 ] || ! $best_lossless; }; }; then
      best=$r_qps
      if [ "$r_lost" -eq 0 ]; then best_lossless=true; fi
      qps[$key]=$r_qps lost[$key]=$r_lost lat[$key]=$r_lat_ms cpu[$key]=$r_cpu_us
      core[$key]=$r_core depth_of[$key]=$q
    fi
  done
  dnsperf_run "$pid" "$port" "$queries" "$rate_duration" 1000 "$rate" "$logs/$name-$size-rate.txt"
  say "  -Q $rate: $r_qps qps, lost $r_lost of $r_sent (kernel UDP drops $r_drops), avg ${r_lat_ms} ms, server ${r_cpu_us} us CPU/query, ${r_core}% of a core"
  lost_rate[$key]=$r_lost lat_rate[$key]=$r_lat_ms cpu_rate[$key]=$r_cpu_us
}

need_command dnsperf dnsperf
need_command dig bind9-dnsutils
fetch_knot
if [ "$(nproc)" -lt 2 ]; then
  say "warning: one core only; dnsperf shares it with the server"
  client_cpu=$server_cpu
fi
knot_port=$(free_port "$knot_port")
our_port=$(free_port "$our_port")
if [ "$our_port" = "$knot_port" ]; then our_port=$(free_port $((knot_port + 1))); fi
say "Knot: $("${knot_env[@]}" "$knotd" -V 2>&1 | head -1); $(dnsperf -h 2>&1 | grep -m1 Version | sed 's/^Version/dnsperf/')"
# By default the server under test is this project's cross-cluster-dns, serving the generator's
# records document; OUR_SERVER_CMD=none measures Knot alone.
if [ -z "$our_cmd" ]; then
  repo=$(cd "$(dirname "$0")/.." && pwd)
  java_bin=
  for candidate in /usr/lib/jvm/*/bin/java; do
    version=$("$candidate" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
    if [ "${version:-0}" -ge 21 ] 2>/dev/null; then java_bin=$candidate; fi
  done
  if [ -z "$java_bin" ]; then
    echo "no JDK 21+ under /usr/lib/jvm for cross-cluster-dns" >&2
    exit 1
  fi
  say "Building cross-cluster-dns..."
  (cd "$repo" && ./mvnw -q -B -pl cross-cluster-dns -am -DskipTests package \
    && ./mvnw -q -B -pl cross-cluster-dns dependency:build-classpath \
         -DincludeScope=runtime -Dmdep.outputFile=target/dns-benchmark.classpath)
  classpath="$repo/cross-cluster-dns/target/classes:$(cat "$repo/cross-cluster-dns/target/dns-benchmark.classpath")"
  our_cmd="$java_bin -XX:+UseSerialGC -XX:ActiveProcessorCount=1 --enable-native-access=ALL-UNNAMED -cp $classpath io.ubernetes.dns.Main --listen=127.0.0.1:{port} --records-file={dir}/records.json"
elif [ "$our_cmd" = none ]; then
  our_cmd=
  say "OUR_SERVER_CMD=none: measuring Knot only"
fi

servers=(knot)
if [ -n "$our_cmd" ]; then servers+=(ours); fi
for size in "${sizes[@]}"; do
  if [ -n "$zone_file" ]; then
    zone=$(realpath "$zone_file") queries=$(realpath "$query_file") out=$(dirname "$zone")
  else
    out=$scratch/zone-$size
    say "Generating $size services with ${generator#"$root_dir"/}..."
    "$generator" --services="$size" --origin="$zone_origin" --out="$out"
    zone=$out/zone.db queries=$out/queries.txt
  fi
  for server in "${servers[@]}"; do
    if [ "$server" = knot ]; then
      port=$knot_port
      start_knot "$zone"
    else
      port=$our_port
      start_ours "$zone" "$queries" "$out" "$size"
    fi
    wait_ready "$server_pid" "$port" "$server_log"
    say "$server, $size services, 127.0.0.1:$port, PID $server_pid on core $server_cpu, dnsperf on core $client_cpu:"
    measure "$server" "$size" "$server_pid" "$port" "$queries"
    stop_server "$server_pid"
    started=()
  done
done

# A ratio, or "-" when either side is missing.
ratio() {
  awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'
}

echo
printf 'UDP, %s clients, %s s at the maximum rate (best of -q %s), %s s at %s qps, %s s warm-up\n' \
  "$clients" "$duration" "${depths[*]}" "$rate_duration" "$rate" "$warmup"
row='%-6s %9s %9s %5s %11s %7s %13s %7s %12s %7s %9s\n'
# shellcheck disable=SC2059 # the format is the row above
printf "$row" server services "max qps" "-q" "lost at max" "avg ms" "CPU us/query" "core %" \
  "lost at $rate" "avg ms" "CPU us/q"
for size in "${sizes[@]}"; do
  for server in "${servers[@]}"; do
    key=$server/$size
    # shellcheck disable=SC2059
    printf "$row" "$server" "$size" "${qps[$key]}" "${depth_of[$key]}" "${lost[$key]}" \
      "${lat[$key]}" "${cpu[$key]}" "${core[$key]}" "${lost_rate[$key]}" "${lat_rate[$key]}" \
      "${cpu_rate[$key]}"
  done
done

echo
echo "Targets (ours against Knot)"
verdict() { if [ "$1" = "-" ]; then echo "-"; elif awk -v v="$1" "BEGIN { exit !(v $2) }"; then echo met; else echo "NOT MET"; fi; }
for size in "${sizes[@]}"; do
  if [ -z "$our_cmd" ]; then
    echo "  $size services: not measured (OUR_SERVER_CMD unset)"
    continue
  fi
  q_ratio=$(ratio "${qps[ours/$size]}" "${qps[knot/$size]}")
  c_ratio=$(ratio "${cpu[ours/$size]}" "${cpu[knot/$size]}")
  printf '  %-5s max qps ours/knot >= 1.00          %-8s %s\n' "$size" "$q_ratio" "$(verdict "$q_ratio" '>= 1')"
  printf '  %-5s CPU per query ours/knot <= 1.00    %-8s %s\n' "$size" "$c_ratio" "$(verdict "$c_ratio" '<= 1')"
  printf '  %-5s lost at %s qps == 0             %-8s %s\n' "$size" "$rate" "${lost_rate[ours/$size]}" \
    "$(verdict "${lost_rate[ours/$size]}" '== 0')"
done
echo "dnsperf output: ${work_dir#"$root_dir"/}/logs/"
