#!/usr/bin/env bash
# The service beside nginx serving the same ComputerSystem bytes, in one run, in interleaved rounds: each
# measurement of the service directly follows one of nginx, so a shared machine slows both alike and the ratios
# hold. Prints tables (Markdown) to stdout and into target/bench/report.md; asserts nothing; not part of `mvn verify`.
#
#   bench/run.sh                       # builds the WAR and Liberty if missing
#   ROUNDS=5 DURATION=10 bench/run.sh  # longer
#
# Settings (environment): ROUNDS (3), DURATION seconds per wrk run (5), CONNECTIONS (64), THREADS (2),
# WARMUP seconds of unmeasured load per scenario and server before the rounds (20: the JIT compiles the hot paths
# for minutes; without it the first rounds measure the compiler),
# STARTS per CPU setting (2: one cold, then warm), PROFILE (1: a JFR profile of GET System with Basic), MEMORY (1: RSS
# of a pod-like server with 10,000 VMs: under the 0.5-CPU quota, before and after a load), FLOOR (1: the same Liberty
# and server configuration with bench/floor, an application that does nothing, measured alike: what the platform
# costs whatever the service's code does),
# WAR and LIBERTY_CONFIG (the application and the server configuration to measure; default: this tree's),
# EXTENSION_JAR (the BELL library of liberty/server.xml, lib/ of each service server; default: this tree's; the floor
# runs without it: it is the service's code),
# DEPLOYMENT (the Deployment whose JVM_ARGS the servers get: deploy/base/deployment.yaml);
# COMPARE_WAR, COMPARE_CONFIG, COMPARE_DEPLOYMENT, COMPARE_EXTENSION_JAR: a second build measured in the same run ("compare", e.g. the
# WAR and liberty/ folder of an earlier commit), each of its runs right after the one of this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-20}
FLOOR=${FLOOR:-1}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
STARTS=${STARTS:-2}
PROFILE=${PROFILE:-1}
MEMORY=${MEMORY:-1}
WAR=${WAR:-$root/target/kubevirt-redfish.war}
LIBERTY_CONFIG=${LIBERTY_CONFIG:-$root/liberty}
EXTENSION_JAR=${EXTENSION_JAR:-$root/target/kubevirt-redfish-liberty.jar}
DEPLOYMENT=${DEPLOYMENT:-$root/deploy/base/deployment.yaml}
out=$root/target/bench
wlp=$root/target/liberty/wlp
py=/usr/bin/python3
bench_py="$py $root/bench/bench.py"
export WLP_USER_DIR=$out/usr
ticks=$(getconf CLK_TCK)

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk nginx-light
fi
if [ ! -f "$WAR" ] || [ ! -f "$EXTENSION_JAR" ] || [ ! -x "$wlp/bin/server" ]; then
  mvn -B -q -DskipTests package liberty:create
fi
# REUSE=1 keeps the servers of an interrupted run that still run (and the workareas of the others)
[ "${REUSE:-0}" = 1 ] || rm -rf "$out"
mkdir -p "$out/usr/servers"
SIZES=${SIZES-10 1k 10k 10kl} # SIZES="" skips the throughput runs

free_port() { $py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The JVM options of the container: the Deployment's JVM_ARGS (Liberty's server script adds them), the pod's
# memory limit as MaxRAM (2Gi, as the JVM in the pod reads it from its cgroup). The image's OpenJ9-only options
# are ignored by a HotSpot JVM.
container_options() {
  $py - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"- name: JVM_ARGS\s*\n\s*value:\s*\"?([^\"\n]*)\"?", text)
print(m.group(1) if m else "")
PY
}
# JVM_EXTRA: more options for every server, e.g. -XX:TieredStopAtLevel=1 (C1 only: no C2 queue to wait for, so the
# 10,000-VM servers can be compared with the 10-VM one without minutes of warm-up; slower code, the same for all)
JVM_EXTRA=${JVM_EXTRA:-}
jvm_args="-XX:+IgnoreUnrecognizedVMOptions -XX:MaxRAM=2g $(container_options "$DEPLOYMENT") $JVM_EXTRA"
COMPARE_WAR=${COMPARE_WAR:-}
COMPARE_CONFIG=${COMPARE_CONFIG:-}
COMPARE_DEPLOYMENT=${COMPARE_DEPLOYMENT:-}
COMPARE_EXTENSION_JAR=${COMPARE_EXTENSION_JAR:-$EXTENSION_JAR}
compare_jvm_args="-XX:+IgnoreUnrecognizedVMOptions -XX:MaxRAM=2g $JVM_EXTRA"
[ -n "$COMPARE_DEPLOYMENT" ] && compare_jvm_args="$compare_jvm_args $(container_options "$COMPARE_DEPLOYMENT")"
targets=(service)
[ -n "$COMPARE_WAR" ] && targets+=(compare)

# bench/floor: three classes compiled against the Jakarta EE API the service builds with, as a WAR
floor_war=$out/floor.war
build_floor() {
  local api classes=$out/floor/WEB-INF/classes
  api=$(find ~/.m2/repository/jakarta/platform/jakarta.jakartaee-api -name 'jakarta.jakartaee-api-*.jar' | sort | tail -1)
  [ -n "$api" ] || { echo "jakarta.jakartaee-api not in ~/.m2: run mvn package once" >&2; exit 1; }
  rm -rf "$out/floor" && mkdir -p "$classes"
  javac -nowarn -d "$classes" -cp "$api" "$root"/bench/floor/src/floor/*.java
  cp "$root/bench/floor/WEB-INF/beans.xml" "$out/floor/WEB-INF/"
  (cd "$out/floor" && jar cf "$floor_war" WEB-INF)
}

declare -A port pid idle
servers=()
# make_server NAME VMS CONVENTION TARGET (service: this tree; compare: COMPARE_*; floor: bench/floor in this tree's
# server configuration)
make_server() {
  local name=$1 dir=$out/usr/servers/$1 war=$WAR config=$LIBERTY_CONFIG options=$jvm_args extension=$EXTENSION_JAR
  if [ "$4" = compare ]; then
    war=$COMPARE_WAR config=$COMPARE_CONFIG options=$compare_jvm_args extension=$COMPARE_EXTENSION_JAR
  fi
  if [ "$4" = floor ]; then war=$floor_war extension=""; fi
  servers+=("$name")
  if [ -f "$out/usr/servers/.pid/$name.pid" ] && [ -d "/proc/$(cat "$out/usr/servers/.pid/$name.pid")" ]; then
    port[$name]=$(grep -o 'http.port" value="[0-9]*' "$dir/configDropins/overrides/bench.xml" | grep -o '[0-9]*$')
    return # running: reused
  fi
  rm -rf "$dir/resources/security" # keys of an earlier run, under other passwords
  mkdir -p "$dir/apps" "$dir/configDropins/overrides"
  cp "$config/server.xml" "$dir/"
  [ -f "$config/jvm.options" ] && cp "$config/jvm.options" "$dir/"
  cp "$war" "$dir/apps/kubevirt-redfish.war"
  rm -rf "$dir/lib"
  if [ -n "$extension" ]; then mkdir -p "$dir/lib" && cp "$extension" "$dir/lib/kubevirt-redfish-liberty.jar"; fi
  $bench_py config "$2" "$3" > "$dir/config.yaml"
  port[$name]=$(free_port)
  cat > "$dir/configDropins/overrides/bench.xml" <<XML
<server><variable name="http.port" value="${port[$name]}"/><variable name="http.host" value="127.0.0.1"/></server>
XML
  # as `server create` does: the keystore and LTPA keys get a random password
  printf 'CONFIG_PATH=%s\nBACKEND=simulator\nkeystore_password=%s\nltpa_keys_password=%s\n' "$dir/config.yaml" \
    "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" > "$dir/server.env"
  echo "FLOOR_BODY=$out/system.json" >> "$dir/server.env"
  printf '%s\n' $options >> "$dir/jvm.options"
}

stop_server() { "$wlp/bin/server" stop "$1" >/dev/null 2>&1 || true; }
cgroup=""
nginx_pid=""
cleanup() {
  for s in "${servers[@]}"; do stop_server "$s"; done
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  [ -n "$cgroup" ] && rmdir "$cgroup" 2>/dev/null || true
}
trap cleanup EXIT

basic="Authorization: Basic $(printf 'admin:demo-admin' | base64)"
# start_server NAME [CGROUP] URL: prints "milliseconds-to-first-authenticated-200 cpu-seconds-until-then"
start_server() {
  local name=$1 group=$2 url=$3 start
  start=$(now_ms)
  if [ -f "$out/usr/servers/.pid/$name.pid" ] && [ -d "/proc/$(server_pid "$name")" ]; then
    :
  elif [ -n "$group" ]; then
    sh -c "echo \$\$ > '$group/cgroup.procs' && exec '$wlp/bin/server' start '$name'" >/dev/null &
  else
    "$wlp/bin/server" start "$name" >/dev/null &
  fi
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$basic" "http://127.0.0.1:${port[$name]}$url")" = 200 ]; do
    sleep 0.05
  done
  local ms=$(($(now_ms) - start))
  wait
  echo "$ms $(awk -v t="$ticks" '{printf "%.1f", ($14 + $15) / t}' "/proc/$(server_pid "$name")/stat")"
}
server_pid() { cat "$out/usr/servers/.pid/$1.pid"; }

warm() { local i; for i in $(seq 100); do curl -s -o /dev/null -H "$basic" "$1"; done; }

report=$out/report.md
: > "$report"
say() { echo "$@" | tee -a "$report"; }

start_targets=("${targets[@]}")
if [ "$FLOOR" = 1 ]; then
  build_floor
  start_targets+=(floor)
  echo '{}' > "$out/system.json" # the floor's System body until the service's is read
fi

say "# bench/run.sh $(date -u +%FT%TZ): $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
say ""
say "- service: $WAR with $LIBERTY_CONFIG and $EXTENSION_JAR; JVM options beside its jvm.options: \`$jvm_args\`"
[ -n "$COMPARE_WAR" ] && say "- compare: $COMPARE_WAR with $COMPARE_CONFIG and $COMPARE_EXTENSION_JAR; JVM options beside its jvm.options: \`$compare_jvm_args\`"
say ""

# --- Start to first authenticated 200, at 2 CPUs and under a 0.5-CPU quota ---------------------------------------
# The pod's CPU limit (500m) as a cgroup quota, whichever cgroup version the machine has; none if not writable.
quota=""
if [ -w /sys/fs/cgroup/cgroup.subtree_control ] && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  cgroup=/sys/fs/cgroup/kvr-bench-$$ && mkdir "$cgroup" && echo "50000 100000" > "$cgroup/cpu.max"
  quota="cgroup v2 cpu.max 50000 100000"
elif [ -w /sys/fs/cgroup/cpu ]; then
  cgroup=/sys/fs/cgroup/cpu/kvr-bench-$$ && mkdir "$cgroup"
  echo 100000 > "$cgroup/cpu.cfs_period_us" && echo 50000 > "$cgroup/cpu.cfs_quota_us"
  quota="cgroup v1 cpu.cfs_quota_us 50000 / cpu.cfs_period_us 100000"
fi

if [ "$STARTS" -gt 0 ]; then
  say "| start (server start to first authenticated GET System 200) | ms | CPU s until then | RSS MiB after 100 GETs |"
  say "|---|---|---|---|"
  start_url=/redfish/v1/Systems/bench.vm-00005
  for target in "${start_targets[@]}"; do
    name=start-$target
    make_server "$name" 10 enhanced "$target"
    for setting in "2 CPUs" "0.5 CPU"; do
      group=""
      if [ "$setting" = "0.5 CPU" ]; then
        if [ -z "$quota" ]; then say "| $target, 0.5 CPU: no writable cgroup here, not measured | | | |"; continue; fi
        group=$cgroup
      fi
      for i in $(seq "$STARTS"); do
        kind=warm
        if [ "$i" = 1 ]; then kind=cold; rm -rf "$out/usr/servers/$name/workarea"; fi
        read -r ms cpu < <(start_server "$name" "$group" "$start_url")
        pid[$name]=$(server_pid "$name")
        warm "http://127.0.0.1:${port[$name]}$start_url"
        say "| $target, $setting, $kind | $ms | $cpu | $(rss_mib "${pid[$name]}") |"
        stop_server "$name"
      done
    done
  done
  [ -n "$quota" ] && say "" && say "0.5 CPU: $quota (the JVM reads it as 1 CPU)"
  say ""
fi

# --- Throughput: the servers of each target, and nginx -------------------------------------------------------------
if [ -n "$SIZES" ]; then
declare -A prefix=([service]=s [compare]=c [floor]=f)
declare -A vms=([10]=10 [1k]=1000 [10k]=10000 [10kl]=10000)
for target in "${targets[@]}"; do
  for n in $SIZES; do
    convention=enhanced
    [ "$n" = 10kl ] && convention=legacy
    make_server "${prefix[$target]}$n" "${vms[$n]}" $convention "$target"
  done
done
[ "$PROFILE" = 1 ] && echo "-XX:FlightRecorderOptions:stackdepth=512" >> "$out/usr/servers/s10/jvm.options"
url_of() { case $1 in *10kl) echo /redfish/v1/Systems/vm-00005 ;; *) echo /redfish/v1/Systems/bench.vm-00005 ;; esac; }
throughput_servers=()
for target in "${targets[@]}"; do for n in $SIZES; do throughput_servers+=("${prefix[$target]}$n"); done; done
echo "starting ${throughput_servers[*]}" >&2
for s in "${throughput_servers[@]}"; do start_server "$s" "" "$(url_of "$s")" > "$out/$s.start" & done
wait
for s in "${throughput_servers[@]}"; do
  pid[$s]=$(server_pid "$s")
  warm "http://127.0.0.1:${port[$s]}$(url_of "$s")"
  idle[$s]=$(rss_mib "${pid[$s]}")
done

curl -s -H "$basic" "http://127.0.0.1:${port[s10]}/redfish/v1/Systems/bench.vm-00005" > "$out/system.json"
# the floor reads the service's System bytes at its first GET System
if [ "$FLOOR" = 1 ]; then
  make_server f10 10 enhanced floor
  start_server f10 "" /redfish/v1/Systems/bench.vm-00005 > "$out/f10.start"
  pid[f10]=$(server_pid f10)
  warm "http://127.0.0.1:${port[f10]}/redfish/v1/Systems/bench.vm-00005"
  idle[f10]=$(rss_mib "${pid[f10]}")
  throughput_servers+=(f10)
fi
session() {
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d '{"UserName":"admin","Password":"demo-admin"}' \
    "http://127.0.0.1:${port[$1]}/redfish/v1/SessionService/Sessions" \
    | awk -F': ' 'tolower($1) == "x-auth-token" {print $2}' | tr -d '\r'
}
declare -A token
for target in "${targets[@]}"; do token[$target]=$(session "${prefix[$target]}10"); done
token[floor]=floor-session-token # bench/floor/src/floor/FloorAuthentication.java

nginx_port=$(free_port)
sed -e "s#@DIR@#$out#g" -e "s#@PORT@#$nginx_port#g" "$root/bench/nginx.conf.in" > "$out/nginx.conf"
nginx -c "$out/nginx.conf" -p "$out"
sleep 0.5
nginx_pid=$(cat "$out/nginx.pid")
nginx_pids=("$nginx_pid" $(awk -v m="$nginx_pid" '$4 == m {print $1}' /proc/[0-9]*/stat 2>/dev/null))

# label | server (without the target's prefix) | path | header (TOKEN: the target's session) | lua script
scenarios=(
  "GET System, Basic|10|/redfish/v1/Systems/bench.vm-00005|$basic|"
  "GET System, session|10|/redfish/v1/Systems/bench.vm-00005|TOKEN|"
  "GET / (public)|10|/redfish/v1/||"
  "GET Systems, 10 VMs|10|/redfish/v1/Systems|$basic|"
  "GET Systems, 1,000 VMs|1k|/redfish/v1/Systems|$basic|"
  "GET Systems, 10,000 VMs|10k|/redfish/v1/Systems|$basic|"
  "GET member at 10,000, enhanced id|10k|/redfish/v1/Systems/bench.vm-05000|$basic|"
  "GET member at 10,000, legacy id|10kl|/redfish/v1/Systems/vm-05000|$basic|"
  "PATCH Boot|10|/redfish/v1/Systems/bench.vm-00001|$basic|patch-boot.lua"
  "POST Reset (On, VM on)|10|/redfish/v1/Systems/bench.vm-00002/Actions/ComputerSystem.Reset|$basic|reset.lua"
)
results=$out/results.tsv
: > "$results"
# measure LABEL ROUND TARGET URL HEADER LUA PIDS... (ROUND 0: a warm-up, not recorded)
measure() {
  local label=$1 round=$2 target=$3 url=$4 header=$5 lua=$6 seconds=$DURATION; shift 6
  [ "$round" = 0 ] && seconds=$WARMUP
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency --timeout 10s)
  [ -n "$header" ] && args+=(-H "$header")
  [ -n "$lua" ] && args+=(-s "$root/bench/lua/$lua")
  $bench_py ticks "$@" > "$out/ticks.before"
  wrk "${args[@]}" "$url" > "$out/wrk.out"
  $bench_py ticks "$@" > "$out/ticks.after"
  [ "$round" = 0 ] && return
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$round" "$target" "$($bench_py wrk "$out/wrk.out" | tr ' ' '\t')" \
    "$($bench_py tick-delta "$out/ticks.before" "$out/ticks.after" | tr ' ' '\t')" >> "$results"
}
# the floor answers the scenarios that need no service behaviour: GET System and the root
floor_scenario() { [ "$FLOOR" = 1 ] && [ "$2" = 10 ] && [ -z "$3" ] && [[ "$1" == "GET System,"* || "$1" == "GET / "* ]]; }
first_round=1
[ "$WARMUP" -gt 0 ] && first_round=0
for round in $(seq "$first_round" "$ROUNDS"); do
  [ "$round" = 0 ] && echo "warm-up: $WARMUP s per scenario and server" >&2 || echo "round $round of $ROUNDS" >&2
  for s in "${scenarios[@]}"; do
    IFS='|' read -r label server path header lua <<< "$s"
    [[ " $SIZES " == *" $server "* ]] || continue
    [ "$round" = 0 ] || measure "$label" "$round" nginx "http://127.0.0.1:$nginx_port$path" "" "" "${nginx_pids[@]}"
    measured=("${targets[@]}")
    floor_scenario "$label" "$server" "$lua" && measured+=(floor)
    for target in "${measured[@]}"; do
      name=${prefix[$target]}$server
      h=$header
      [ "$h" = TOKEN ] && h="X-Auth-Token: ${token[$target]}"
      measure "$label" "$round" "$target" "http://127.0.0.1:${port[$name]}$path" "$h" "$lua" "${pid[$name]}"
    done
  done
done

say "wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s per run, $ROUNDS rounds; each run right after one of nginx serving"
say "the same System JSON ($(wc -c < "$out/system.json") bytes) on the same machine; ranges over the rounds, ratios per round."
say "Before the rounds, $WARMUP s of unmeasured load per scenario and server. CPU per request is the process's whole"
say "CPU time over the run; the medians split out Liberty's request threads, the JIT compiler and the GC (the rest:"
say "the service's own threads, such as the request-log writer, and threads that ended during the run)."
[ "$FLOOR" = 1 ] && say "The floor (bench/floor) is the same Liberty, server configuration and JVM options with an application that does nothing."
table_targets=("${targets[@]}")
[ "$FLOOR" = 1 ] && table_targets+=(floor)
for target in "${table_targets[@]}"; do
  say ""
  say "**$target**"
  say ""
  $bench_py table "$results" "$ticks" "$target" | tee -a "$report"
done
say ""
say "| server | RSS MiB after start + 100 GETs | RSS MiB after the load |"
say "|---|---|---|"
for s in "${throughput_servers[@]}"; do
  say "| $s | ${idle[$s]} | $(rss_mib "${pid[$s]}") |"
done
say ""
fi # throughput

# --- Memory as in the pod: 10,000 VMs, the 0.5-CPU quota (the JVM sees one CPU and picks its GC and compiler
# threads by that, as in the pod), the Deployment's JVM options and MaxRAM of its memory limit ------------------------
if [ "$MEMORY" = 1 ]; then
  say "| pod-like memory: 10,000 VMs, $([ -n "$quota" ] && echo "0.5-CPU quota" || echo "-XX:ActiveProcessorCount=1 (no writable cgroup)") | RSS MiB after start + 100 GETs | RSS MiB after the load | live heap MiB after the load |"
  say "|---|---|---|---|"
  for target in "${start_targets[@]}"; do
    name=m-$target
    make_server "$name" 10000 enhanced "$target"
    group=$cgroup
    if [ -z "$quota" ]; then group=""; echo "-XX:ActiveProcessorCount=1" >> "$out/usr/servers/$name/jvm.options"; fi
    start_server "$name" "$group" /redfish/v1/Systems/bench.vm-05000 > /dev/null
    pid[$name]=$(server_pid "$name")
    warm "http://127.0.0.1:${port[$name]}/redfish/v1/Systems/bench.vm-05000"
    sleep 5
    rss_idle=$(rss_mib "${pid[$name]}")
    # the load: the collection and a member, as an installer and a dashboard would read them, then PATCHes
    for path in /redfish/v1/Systems /redfish/v1/Systems/bench.vm-05000; do
      wrk -t1 -c8 -d"${DURATION}s" -H "$basic" "http://127.0.0.1:${port[$name]}$path" > /dev/null
    done
    wrk -t1 -c8 -d"${DURATION}s" -H "$basic" -s "$root/bench/lua/patch-boot.lua" \
      "http://127.0.0.1:${port[$name]}/redfish/v1/Systems/bench.vm-00001" > /dev/null
    rss_load=$(rss_mib "${pid[$name]}")
    # live objects (the histogram runs a full GC first)
    live=$(jcmd "${pid[$name]}" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {print int($3 / 1048576)}')
    say "| $target | $rss_idle | $rss_load | ${live:-?} |"
    stop_server "$name"
  done
  say ""
fi

if [ "$PROFILE" = 1 ] && [ -n "$SIZES" ]; then
  jfr_file=$out/profile.jfr
  jcmd "${pid[s10]}" JFR.start name=bench settings=profile filename="$jfr_file" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((2 * DURATION))s" -H "$basic" \
    "http://127.0.0.1:${port[s10]}/redfish/v1/Systems/bench.vm-00005" >/dev/null
  jcmd "${pid[s10]}" JFR.stop name=bench >/dev/null
  say "JFR profile of the service, GET System with Basic ($((2 * DURATION)) s, $jfr_file):"
  say ""
  $bench_py jfr "$jfr_file" | tee -a "$report"
fi
echo "report: $report" >&2
