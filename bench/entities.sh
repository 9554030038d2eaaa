#!/usr/bin/env bash
# A factory of 100k entities placed (backfill) through kafka-pipe into the local stack: packets/s
# until every entity tile is committed, with the pass-through job as the baseline (docs/benchmarks.md).
# Options: -Dentities=100000
exec "$(dirname "$0")/run.sh" EntityBenchmark "$@"
