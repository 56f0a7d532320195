#!/usr/bin/env bash
# The service beside nginx serving the same ComputerSystem bytes, in one run, in interleaved rounds: each
# measurement of the service directly follows one of nginx, so a shared machine slows both alike and the ratios
# hold. Prints tables (Markdown) to stdout and into target/bench/report.md; asserts nothing; not part of `mvn verify`.
#
#   bench/run.sh                       # builds the WAR and Liberty if missing
#   ROUNDS=5 DURATION=10 bench/run.sh  # longer
#
# Settings (environment): ROUNDS (3), DURATION seconds per wrk run (5), CONNECTIONS (64), THREADS (2),
# STARTS per CPU setting (2: one cold, then warm), PROFILE (1: a JFR profile of GET System with Basic),
# WAR and LIBERTY_CONFIG (the application and the server configuration to measure; default: this tree's),
# DEPLOYMENT (the Deployment whose JVM_ARGS the servers get: deploy/base/deployment.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
STARTS=${STARTS:-2}
PROFILE=${PROFILE:-1}
WAR=${WAR:-$root/target/kubevirt-redfish.war}
LIBERTY_CONFIG=${LIBERTY_CONFIG:-$root/liberty}
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
if [ ! -f "$WAR" ] || [ ! -x "$wlp/bin/server" ]; then
  mvn -B -q -DskipTests package liberty:create
fi
rm -rf "$out" && mkdir -p "$out/usr/servers"

free_port() { $py -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $t; }
rss_mib() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# The JVM options of the container: the Deployment's JVM_ARGS (Liberty's server script adds them), the pod's
# memory limit as MaxRAM (2Gi, as the JVM in the pod reads it from its cgroup). The image's OpenJ9-only options
# are ignored by a HotSpot JVM.
container_options() {
  $py - "$DEPLOYMENT" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"- name: JVM_ARGS\s*\n\s*value:\s*\"?([^\"\n]*)\"?", text)
print(m.group(1) if m else "")
PY
}
jvm_args="-XX:+IgnoreUnrecognizedVMOptions -XX:MaxRAM=2g $(container_options)"

declare -A port pid idle
servers=()
# make_server NAME VMS CONVENTION
make_server() {
  local name=$1 dir=$out/usr/servers/$1
  mkdir -p "$dir/apps" "$dir/configDropins/overrides"
  cp "$LIBERTY_CONFIG/server.xml" "$dir/"
  [ -f "$LIBERTY_CONFIG/jvm.options" ] && cp "$LIBERTY_CONFIG/jvm.options" "$dir/"
  cp "$WAR" "$dir/apps/kubevirt-redfish.war"
  $bench_py config "$2" "$3" > "$dir/config.yaml"
  port[$name]=$(free_port)
  cat > "$dir/configDropins/overrides/bench.xml" <<XML
<server><variable name="http.port" value="${port[$name]}"/><variable name="http.host" value="127.0.0.1"/></server>
XML
  # as `server create` does: the keystore and LTPA keys get a random password
  printf 'CONFIG_PATH=%s\nBACKEND=simulator\nkeystore_password=%s\nltpa_keys_password=%s\n' "$dir/config.yaml" \
    "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" > "$dir/server.env"
  printf '%s\n' $jvm_args >> "$dir/jvm.options"
  servers+=("$name")
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
  if [ -n "$group" ]; then
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

say "# bench/run.sh $(date -u +%FT%TZ): $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
say ""
say "JVM options of the servers (beside liberty/jvm.options): \`$jvm_args\`"
say ""

# --- Start to first authenticated 200, at 2 CPUs and under a 0.5-CPU quota ---------------------------------------
make_server start 10 enhanced
start_url=/redfish/v1/Systems/bench.vm-00005
if [ -w /sys/fs/cgroup/cgroup.subtree_control ] && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  cgroup=/sys/fs/cgroup/kvr-bench-$$ && mkdir "$cgroup" && echo "50000 100000" > "$cgroup/cpu.max"
  quota="cgroup v2 cpu.max 50000 100000"
elif [ -w /sys/fs/cgroup/cpu ]; then
  cgroup=/sys/fs/cgroup/cpu/kvr-bench-$$ && mkdir "$cgroup"
  echo 100000 > "$cgroup/cpu.cfs_period_us" && echo 50000 > "$cgroup/cpu.cfs_quota_us"
  quota="cgroup v1 cpu.cfs_quota_us 50000 / cpu.cfs_period_us 100000"
else
  quota=""
fi
say "| start (server start to first authenticated GET System 200) | ms | CPU s until then | RSS MiB after 100 GETs |"
say "|---|---|---|---|"
for setting in "2 CPUs" "0.5 CPU"; do
  group=""
  if [ "$setting" = "0.5 CPU" ]; then
    if [ -z "$quota" ]; then say "| 0.5 CPU: no writable cgroup on this machine, not measured | | | |"; continue; fi
    group=$cgroup
  fi
  for i in $(seq "$STARTS"); do
    kind=warm
    if [ "$i" = 1 ]; then kind=cold; rm -rf "$out/usr/servers/start/workarea"; fi
    read -r ms cpu < <(start_server start "$group" "$start_url")
    pid[start]=$(server_pid start)
    warm "http://127.0.0.1:${port[start]}$start_url"
    say "| $setting, $kind | $ms | $cpu | $(rss_mib "${pid[start]}") |"
    stop_server start
  done
done
[ -n "$quota" ] && say "" && say "0.5 CPU: $quota"
say ""

# --- Throughput: four servers and nginx ---------------------------------------------------------------------------
make_server s10 10 enhanced
make_server s1k 1000 enhanced
make_server s10k 10000 enhanced
make_server s10kl 10000 legacy
[ "$PROFILE" = 1 ] && echo "-XX:FlightRecorderOptions:stackdepth=512" >> "$out/usr/servers/s10/jvm.options"
for s in s10 s1k s10k s10kl; do
  url=/redfish/v1/Systems/bench.vm-00005
  [ $s = s10kl ] && url=/redfish/v1/Systems/vm-00005
  read -r ms cpu < <(start_server $s "" "$url")
  pid[$s]=$(server_pid $s)
  warm "http://127.0.0.1:${port[$s]}$url"
  idle[$s]=$(rss_mib "${pid[$s]}")
done

base=http://127.0.0.1:${port[s10]}/redfish/v1
curl -s -H "$basic" "$base/Systems/bench.vm-00005" > "$out/system.json"
token=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"UserName":"admin","Password":"demo-admin"}' "$base/SessionService/Sessions" \
  | awk -F': ' 'tolower($1) == "x-auth-token" {print $2}' | tr -d '\r')

nginx_port=$(free_port)
sed -e "s#@DIR@#$out#g" -e "s#@PORT@#$nginx_port#g" "$root/bench/nginx.conf.in" > "$out/nginx.conf"
nginx -c "$out/nginx.conf" -p "$out"
sleep 0.5
nginx_pid=$(cat "$out/nginx.pid")
nginx_pids=("$nginx_pid" $(awk -v m="$nginx_pid" '$4 == m {print $1}' /proc/[0-9]*/stat 2>/dev/null))

# scenario label | server | path | header | lua script
scenarios=(
  "GET System, Basic|s10|/redfish/v1/Systems/bench.vm-00005|$basic|"
  "GET System, session|s10|/redfish/v1/Systems/bench.vm-00005|X-Auth-Token: $token|"
  "GET / (public)|s10|/redfish/v1/||"
  "GET Systems, 10 VMs|s10|/redfish/v1/Systems|$basic|"
  "GET Systems, 1,000 VMs|s1k|/redfish/v1/Systems|$basic|"
  "GET Systems, 10,000 VMs|s10k|/redfish/v1/Systems|$basic|"
  "GET member at 10,000, enhanced id|s10k|/redfish/v1/Systems/bench.vm-05000|$basic|"
  "GET member at 10,000, legacy id|s10kl|/redfish/v1/Systems/vm-05000|$basic|"
  "PATCH Boot|s10|/redfish/v1/Systems/bench.vm-00001|$basic|patch-boot.lua"
  "POST Reset (On, VM on)|s10|/redfish/v1/Systems/bench.vm-00002/Actions/ComputerSystem.Reset|$basic|reset.lua"
)
results=$out/results.tsv
: > "$results"
# measure LABEL ROUND TARGET URL HEADER LUA PIDS...
measure() {
  local label=$1 round=$2 target=$3 url=$4 header=$5 lua=$6; shift 6
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 10s)
  [ -n "$header" ] && args+=(-H "$header")
  [ -n "$lua" ] && args+=(-s "$root/bench/lua/$lua")
  local before after
  before=$(cpu_ticks "$@")
  wrk "${args[@]}" "$url" > "$out/wrk.out"
  after=$(cpu_ticks "$@")
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$round" "$target" "$($bench_py wrk "$out/wrk.out" | tr ' ' '\t')" \
    "$((after - before))" >> "$results"
}
for round in $(seq "$ROUNDS"); do
  echo "round $round of $ROUNDS" >&2
  for s in "${scenarios[@]}"; do
    IFS='|' read -r label server path header lua <<< "$s"
    measure "$label" "$round" nginx "http://127.0.0.1:$nginx_port$path" "" "" "${nginx_pids[@]}"
    measure "$label" "$round" service "http://127.0.0.1:${port[$server]}$path" "$header" "$lua" "${pid[$server]}"
  done
done

say "wrk -t$THREADS -c$CONNECTIONS, ${DURATION} s per run, $ROUNDS rounds; each run of the service right after one of"
say "nginx serving the same System JSON ($(wc -c < "$out/system.json") bytes); ranges over the rounds, ratios per round."
say ""
$bench_py table "$results" "$ticks" | tee -a "$report"
say ""
say "| server | RSS MiB after start + 100 GETs | RSS MiB after the load |"
say "|---|---|---|"
for s in s10 s1k s10k s10kl; do
  say "| $s | ${idle[$s]} | $(rss_mib "${pid[$s]}") |"
done
say ""

if [ "$PROFILE" = 1 ]; then
  jfr_file=$out/profile.jfr
  jcmd "${pid[s10]}" JFR.start name=bench settings=profile filename="$jfr_file" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((2 * DURATION))s" -H "$basic" \
    "http://127.0.0.1:${port[s10]}/redfish/v1/Systems/bench.vm-00005" >/dev/null
  jcmd "${pid[s10]}" JFR.stop name=bench >/dev/null
  say "JFR profile of GET System with Basic ($((2 * DURATION)) s, $jfr_file):"
  say ""
  $bench_py jfr "$jfr_file" | tee -a "$report"
fi
echo "report: $report" >&2
