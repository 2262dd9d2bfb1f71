#!/usr/bin/env bash
# Runs Tombot's JMH benchmarks, each against its baseline in the same run; prints one line
# per comparison (ratio and goal) and writes target/bench/results.json. `--quick` for a
# short smoke run. The figures belong in docs/performance.md with this command.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench/classpath.txt >/dev/null
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
exec "$java" -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" ai.tombot.bench.Bench "$@"
