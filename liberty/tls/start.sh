#!/bin/sh
# Container entry: when TLS_CERT_FILE and TLS_KEY_FILE name a PEM certificate and key (config.yaml's
# server.tls.cert_file / key_file, e.g. from an OpenShift service-serving certificate Secret), turn them into a
# PKCS#12 keystore under /tmp/tls and have server.xml include tls/enabled.xml (HTTPS only); then run the command.
set -eu
if [ -n "${TLS_CERT_FILE:-}" ] && [ -n "${TLS_KEY_FILE:-}" ]; then
  mkdir -p /tmp/tls
  umask 077
  password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)
  java /opt/kubevirt-redfish/PemToPkcs12.java "$TLS_CERT_FILE" "$TLS_KEY_FILE" /tmp/tls/keystore.p12 "$password"
  cat > /tmp/tls/tls.xml <<XML
<server>
    <variable name="tls.keystore" value="/tmp/tls/keystore.p12"/>
    <variable name="tls.keystore.password" value="$password"/>
    <include location="\${server.config.dir}/tls/enabled.xml"/>
</server>
XML
fi
exec "$@"
