#!/usr/bin/env bash
# Map backfill (N chunks → full pyramid served, chunks/s, with a pass-through Flink job as the
# baseline) and tile change → new bytes served latency, on the local stack (docs/benchmarks.md).
# Options: -Dchunks=3000 -Dchanges=40
exec "$(dirname "$0")/run.sh" MapBenchmark "$@"
