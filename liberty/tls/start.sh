#!/bin/sh
# Container entry: when TLS_CERT_FILE and TLS_KEY_FILE name a PEM certificate and key (config.yaml's
# server.tls.cert_file / key_file, e.g. from an OpenShift service-serving certificate Secret), turn them into a
# PKCS#12 keystore under /tmp/tls and have server.xml include tls/enabled.xml (HTTPS only, /metrics for the user
# `metrics` with METRICS_PASSWORD). Without them (plain HTTP), /metrics gets its own HTTPS port METRICS_PORT (9443,
# self-signed, the same user; metrics/https.xml). Then run the command.
set -eu
home=${KUBEVIRT_REDFISH_HOME:-/opt/kubevirt-redfish}
work=/tmp/tls   # server.xml's tls.include names $work/tls.xml
if [ -n "${TLS_WORK_DIR:-}" ]; then work=$TLS_WORK_DIR; fi   # tests only
if [ -n "${TLS_CERT_FILE:-}" ] && [ -n "${TLS_KEY_FILE:-}" ]; then
  mkdir -p "$work"
  umask 077
  password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
  java "$home/PemToPkcs12.java" "$TLS_CERT_FILE" "$TLS_KEY_FILE" "$work/keystore.p12" "$password"
  metrics=$(printf '%s' "${METRICS_PASSWORD:-$(head -c 48 /dev/urandom | base64)}" \
    | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g')
  cat > "$work/tls.xml" <<XML
<server>
    <variable name="tls.keystore" value="$work/keystore.p12"/>
    <variable name="tls.keystore.password" value="$password"/>
    <variable name="metrics.password" value="$metrics"/>
    <include location="\${server.config.dir}/tls/enabled.xml"/>
</server>
XML
else
  # Plain HTTP: /metrics on its own HTTPS port (metrics/https.xml) with a self-signed certificate made here.
  mkdir -p "$work"
  umask 077
  password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
  rm -f "$work/metrics.p12"
  keytool -genkeypair -alias default -keyalg RSA -keysize 2048 -validity 3650 -dname CN=kubevirt-redfish-metrics \
    -storetype PKCS12 -keystore "$work/metrics.p12" -storepass "$password" -keypass "$password" >/dev/null 2>&1
  metrics=$(printf '%s' "${METRICS_PASSWORD:-$(head -c 48 /dev/urandom | base64)}" \
    | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g')
  cat > "$work/tls.xml" <<XML
<server>
    <variable name="metrics.keystore" value="$work/metrics.p12"/>
    <variable name="metrics.keystore.password" value="$password"/>
    <variable name="metrics.password" value="$metrics"/>
    <variable name="metrics.port" value="${METRICS_PORT:-9443}"/>
    <include location="\${server.config.dir}/metrics/https.xml"/>
</server>
XML
fi
exec "$@"
