#!/usr/bin/env bash
# Runs every Tombot benchmark (also `./tombot bench`): the JMH benchmarks and ingest over
# HTTPS, each against its baseline in the same run; prints one line per comparison (ratio
# and goal) and writes target/bench/results.json. `--quick` for a short run (within 3
# minutes on 2 cores; the full run within 15). Other arguments choose benchmarks by name.
# The figures belong in docs/performance.md with this command.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
build_log=target/bench/build.log
if ! ./mvnw -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench/classpath.txt >"$build_log" 2>&1; then
  tail -n 60 "$build_log" >&2
  echo "$0: the build failed; see above (all of it in $build_log)" >&2
  exit 2
fi
java=java
[ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
exec "$java" -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" ai.tombot.bench.Bench "$@"
