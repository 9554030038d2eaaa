#!/usr/bin/env bash
# Benchmark: 1,000 player moves through kafka-pipe's stdin on the local stack, latency to a
# WebSocket client, with a one-hop Kafka baseline measured in the same run. Prints a Markdown table
# (also saved to bench/results/player-latency-<date>.md); copy it into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f kafka-pipe/target/kafka-pipe.jar ] || [ ! -d deploy/local/target/test-classes ]; then
  mvn -B -q -ntp -DskipTests install
  mvn -B -q -ntp -DskipTests -pl deploy/local test-compile
fi
cp_file=deploy/local/target/bench.classpath
mvn -B -q -ntp -pl deploy/local dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
mkdir -p bench/results
out="bench/results/player-latency-$(date -u +%Y%m%dT%H%M%SZ).md"
# a forked JVM (not exec:java): Flink's user-code class loading needs a plain application class path
java -Xmx1g -Dkafkatorio.pipe.jar="$PWD/kafka-pipe/target/kafka-pipe.jar" "$@" \
  -cp "deploy/local/target/test-classes:deploy/local/target/classes:$(cat "$cp_file")" \
  dev.kafkatorio.local.bench.PlayerLatencyBenchmark | tee "$out"
echo "saved $out" >&2
