#!/usr/bin/env bash
# Benchmark: start-to-first-200 time and resident memory of the service on the simulator.
# Usage: src/test/bench/startup.sh [runs]   (builds the war and the Liberty server if needed)
# Prints one line per run and a summary; it asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-3}
server=target/liberty/wlp/usr/servers/defaultServer
if [ ! -f target/kubevirt-redfish.war ] || [ ! -d "$server" ]; then
  mvn -B -q -DskipTests package liberty:create liberty:deploy
fi
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$server/configDropins/overrides"
cat > "$server/configDropins/overrides/zz-benchmark.xml" <<XML
<server><variable name="http.port" value="$port"/><variable name="http.host" value="127.0.0.1"/></server>
XML
trap 'target/liberty/wlp/bin/server stop defaultServer >/dev/null 2>&1 || true; rm -f "$server/configDropins/overrides/zz-benchmark.xml"' EXIT
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  target/liberty/wlp/bin/server start defaultServer >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/redfish/v1/")" = 200 ]; do sleep 0.05; done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  # Warm the main paths once, then read the server JVM's RSS.
  for _ in $(seq 20); do curl -s -u admin:demo-admin "http://127.0.0.1:$port/redfish/v1/Systems/demo.control-plane-0" >/dev/null; done
  pid=$(cat target/liberty/wlp/usr/servers/.pid/defaultServer.pid)
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  echo "run $i: start-to-first-200 ${ms} ms, RSS ${rss} MiB"
  target/liberty/wlp/bin/server stop defaultServer >/dev/null
done
