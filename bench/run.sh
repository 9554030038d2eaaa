#!/usr/bin/env bash
# Runs one benchmark harness of deploy/local's test tree in a forked JVM on the local stack and
# saves its Markdown output in bench/results/<name>-<date>.md. Usage: bench/run.sh <HarnessClass> [-Dkey=value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1; shift
if [ ! -f kafka-pipe/target/kafka-pipe.jar ] || [ ! -d deploy/local/target/test-classes ]; then
  mvn -B -q -ntp -DskipTests install
  mvn -B -q -ntp -DskipTests -pl deploy/local test-compile
fi
cp_file=deploy/local/target/bench.classpath
mvn -B -q -ntp -pl deploy/local dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$cp_file" >/dev/null
mkdir -p bench/results
out="bench/results/${name}-$(date -u +%Y%m%dT%H%M%SZ).md"
# a forked JVM (not exec:java): Flink's user-code class loading needs a plain application class path
java -Xmx2g -Dkafkatorio.pipe.jar="$PWD/kafka-pipe/target/kafka-pipe.jar" -Dkafkatorio.local.jar="$PWD/deploy/local/target/kafkatorio-local.jar" "$@" \
  -cp "deploy/local/target/test-classes:deploy/local/target/classes:$(cat "$cp_file")" \
  "dev.kafkatorio.local.bench.${name}" | tee "$out"
echo "saved $out" >&2
