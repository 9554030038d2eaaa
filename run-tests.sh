#!/usr/bin/env bash
# Runs every test of Kafkatorio: Lua specs (busted, Lua 5.2), Java unit tests, ITCases with a real
# KRaft broker and Flink MiniCluster, the map's JS specs (node --test) and the end-to-end test in a
# real headless Chromium. Installs the system packages it needs first (Debian/Ubuntu).
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v lua5.2 >/dev/null || need+=(lua5.2)
command -v busted >/dev/null || need+=(lua-busted)
lua5.2 -e 'require("cjson")' 2>/dev/null || need+=(lua-cjson)
lua5.2 -e 'require("dkjson")' 2>/dev/null || need+=(lua-dkjson)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v node >/dev/null || need+=(nodejs)
command -v mvn >/dev/null || need+=(maven)
command -v zip >/dev/null || need+=(zip)
if [ ${#need[@]} -gt 0 ]; then
  echo "run-tests: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

exec mvn -B -ntp verify "$@"
