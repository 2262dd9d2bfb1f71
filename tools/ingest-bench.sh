#!/usr/bin/env bash
# Ingest over HTTPS against a trivial echo endpoint of the same server, in the same run: a
# server on embedded stores in a temporary directory, on loopback; prints messages/s and
# p50/p99 latency for echo, single and batch ingest, and the ratio single/echo against its goal;
# writes target/bench/ingest.json. `--quick` runs 5 s per scenario instead of 20.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench/classpath.txt >/dev/null
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
exec "$java" -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" benchmarks.IngestLoadHarness "$@"
