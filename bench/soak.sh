#!/usr/bin/env bash
# Soak run of the local stack: the demo at --demo-speed <speed> for <minutes>, sampling the process
# every <interval> seconds: RSS, heap used (jstat), open file descriptors, threads, CPU (share of one
# core over the interval), RocksDB scratch (RAM disk) and data-dir size. Saves a Markdown table in
# bench/results/soak-<date>.md. The first sample after start-up is the baseline each figure is
# compared with; a plateau shows as the last third's maximum staying near the middle third's.
# Usage: bench/soak.sh [minutes=30] [speed=20] [interval=30]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}; speed=${2:-20}; interval=${3:-30}
jar=deploy/local/target/kafkatorio-local.jar
[ -f "$jar" ] || mvn -B -q -ntp -DskipTests package
data=$(mktemp -d /tmp/kafkatorio-soak-XXXXXX)
log="$data.log"
cp "$jar" "$data/stack.jar" # a rebuild during the run must not change the running jar
java -Xmx1g -XX:+ExitOnOutOfMemoryError -jar "$data/stack.jar" --port 0 --data-dir "$data/data" --demo-speed "$speed" >"$data.out" 2>"$log" &
pid=$!
# SIGTERM, not SIGINT: a background job of a non-interactive shell starts with SIGINT ignored
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do grep -q "Open the map" "$data.out" 2>/dev/null && break; sleep 1; done
grep -q "Open the map" "$data.out" || { echo "stack did not start; see $log" >&2; exit 1; }
# sizes are disk usage (du -k): Kafka's index files are sparse, their apparent size is 10 MiB each
# (files vanish while du runs: RocksDB compacts, checkpoints are deleted; du then exits 1)
scratch_of() { for d in /dev/shm/kafkatorio-*; do [ -f "$d/owner" ] && grep -qx "$data/data" "$d/owner" && { { du -sk "$d" 2>/dev/null || true; } | cut -f1; return; }; done; { du -sk "$data/data/flink/scratch" 2>/dev/null || true; } | cut -f1; }
dir_kb() { { du -sk "$1" 2>/dev/null || true; } | cut -f1; }
ticks() { awk '{print $14+$15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
mkdir -p bench/results
out="bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Soak: demo at speed $speed for $minutes min (sample every $interval s)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1). Stack: \`java -Xmx1g -jar kafkatorio-local.jar --demo-speed $speed\`."
  echo
  echo "| min | RSS MB | heap used MB | fds | threads | CPU % of a core | scratch (RAM disk) MB | data dir MB | of it Kafka MB |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} | tee "$out"
t0=$(date +%s); last=$(ticks); lastt=$t0
end=$((t0 + minutes * 60))
while [ "$(date +%s)" -lt "$end" ] && kill -0 $pid 2>/dev/null; do
  sleep "$interval"
  now=$(date +%s); cur=$(ticks)
  cpu=$(awk -v a="$last" -v b="$cur" -v dt=$((now - lastt)) -v hz="$hz" 'BEGIN{printf "%.0f", (b-a)/hz/dt*100}')
  last=$cur; lastt=$now
  rss=$(awk '/VmRSS/{printf "%.0f", $2/1024}' /proc/$pid/status)
  heap=$(jstat -gc $pid 2>/dev/null | awk 'NR==2{printf "%.0f", ($3+$4+$6+$8)/1024}')
  fds=$(ls /proc/$pid/fd | wc -l)
  thr=$(awk '/Threads/{print $2}' /proc/$pid/status)
  scr=$(( $(scratch_of) / 1024 ))
  dd=$(( $(dir_kb "$data/data") / 1024 ))
  kd=$(( $(dir_kb "$data/data/kafka") / 1024 ))
  printf "| %.1f | %s | %s | %s | %s | %s | %s | %s | %s |\n" "$(awk -v s=$((now - t0)) 'BEGIN{print s/60}')" "$rss" "${heap:-?}" "$fds" "$thr" "$cpu" "$scr" "$dd" "$kd" | tee -a "$out"
done
t1=$(date +%s%N); kill -TERM $pid; wait $pid || true; t2=$(date +%s%N)
trap - EXIT
echo | tee -a "$out"
echo "Stopped by SIGTERM in $(( (t2 - t1) / 1000000 )) ms. Log: $log" | tee -a "$out"
echo "saved $out" >&2
