#!/usr/bin/env bash
# kafka-pipe throughput benchmark: lines/s through kafka-pipe into a real (embedded) broker against
# `cat > /dev/null` on the same input, the writer's longest stall during an outage, spool bytes/hour.
# Usage: kafka-pipe/bench.sh [console file] [MiB of input, default 64]   (from anywhere; offline)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -pl kafka-pipe test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
exec java -Xmx1g -cp "kafka-pipe/target/test-classes:kafka-pipe/target/classes:$(cat kafka-pipe/target/bench.classpath)" \
    -Dlog4j2.configurationFile=kafka-pipe/src/test/resources/log4j2-test.xml \
    dev.kafkatorio.pipe.bench.PipeThroughputBenchmark "$@"
