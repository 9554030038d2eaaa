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
mkdir -p bench/results
out="bench/results/player-latency-$(date -u +%Y%m%dT%H%M%SZ).md"
mvn -B -q -ntp -o -pl deploy/local exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.kafkatorio.local.bench.PlayerLatencyBenchmark \
  -Dkafkatorio.pipe.jar="$PWD/kafka-pipe/target/kafka-pipe.jar" "$@" | tee "$out"
echo "saved $out" >&2
