#!/bin/sh
# Regenerates the committed demo console recording from the real mod running in the emulator.
set -eu
cd "$(dirname "$0")/.."
mkdir -p ../deploy/local/src/main/resources/demo
lua5.2 tools/record-demo.lua > ../deploy/local/src/main/resources/demo/demo-console.log
echo "wrote deploy/local/src/main/resources/demo/demo-console.log ($(wc -c < ../deploy/local/src/main/resources/demo/demo-console.log) bytes)"
