#!/usr/bin/env bash
# 1,000 player moves through kafka-pipe's stdin on the local stack → latency to a WebSocket client,
# with a one-hop Kafka baseline measured in the same run (docs/benchmarks.md).
exec "$(dirname "$0")/run.sh" PlayerLatencyBenchmark "$@"
