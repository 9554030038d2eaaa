#!/usr/bin/env bash
# Runs the demo: a real Kafka broker, a Flink MiniCluster running the job, the tile server and a
# recorded Factorio server replayed in a loop. Prints the map's URL. Extra options go to the stack
# (try --help). Builds the stack jar first if it is missing.
set -euo pipefail
cd "$(dirname "$0")"
jar=deploy/local/target/kafkatorio-local.jar
if [ ! -f "$jar" ]; then
  echo "run-demo: building (first run downloads dependencies, a few minutes)..." >&2
  mvn -B -q -ntp -DskipTests package
fi
# a JVM out of memory exits at once (the next start resumes from the last checkpoint) instead of
# limping on with some threads dead
exec java -Xmx1g -XX:+ExitOnOutOfMemoryError -jar "$jar" "$@"
