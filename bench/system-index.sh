#!/usr/bin/env bash
# CPU per GET Systems and per member lookup at 10 / 1,000 / 10,000 VMs (SystemCollectionBench, test scope).
# Prints a table, asserts nothing. Usage: bench/system-index.sh [VM counts...]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
cp_file=target/bench-classpath.txt
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file"
exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.kubevirtredfish.bench.SystemCollectionBench "$@"
