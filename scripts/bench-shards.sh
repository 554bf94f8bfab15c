#!/bin/bash
# Sharding on one machine (docs/SCALE.md): in one run, alternated ROUNDS times on the same generated corpus,
#   (a) one scan with --jobs 2, and
#   (b) two scans at once, --shard 1/2 and --shard 2/2 with --jobs 1 each, then prescreen index,
# each cold (fresh output folder, no state). Prints every round, the medians in pages/s, their ratio (b)/(a),
# the pages per shard (applicants are not split: a shard's share follows its applicants' pages), and peak RSS
# summed over every process, sampled every 0.2 s, with the scan and worker processes sampled apart.
#
# Usage: scripts/bench-shards.sh [SIZE] [ROUNDS] [SEED] [SCAN_SHARE]
#   SIZE        applicants (about 20 pages each), default 10; ROUNDS default 3; SCAN_SHARE default 1 (all scans)
# Environment: BENCH_DIR (default bench-shards/), BENCH_SKIP_BUILD=1 to use the existing release build.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-10}; rounds=${2:-3}; seed=${3:-20241}; share=${4:-1}
dir=${BENCH_DIR:-bench-shards}
prescreen=${PRESCREEN:-.build/release/prescreen}
export OMP_THREAD_LIMIT=1
export LC_ALL=C.UTF-8

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  scripts/install-deps.sh
  swift build -c release --product prescreen >&2
  swift build -c release --product prescreen-gen >&2
fi
rm -rf "$dir"; mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
corpus=$dir/corpus
.build/release/prescreen-gen corpus --out "$corpus" --seed "$seed" --size "$size" --scan-share "$share" --no-faces >&2

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

# Runs "$@" in its own session; prints "<wall ms> <peak RSS KiB, all> <peak KiB of one scan> <peak KiB of one worker>".
measure() {
  local start end pid peak=0 scan=0 worker=0 line
  start=$(ms_now)
  setsid "$@" > /dev/null &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    line=$(ps -o rss=,args= -s "$pid" 2>/dev/null | awk '
      { s += $1 }
      $3 == "_worker" { if ($1 > w) w = $1; next }
      $3 == "scan" { if ($1 > c) c = $1 }
      END { print s + 0, c + 0, w + 0 }')
    read -r s c w <<< "$line"
    [ "$s" -gt "$peak" ] && peak=$s
    [ "$c" -gt "$scan" ] && scan=$c
    [ "$w" -gt "$worker" ] && worker=$w
    sleep 0.2
  done
  local rc=0
  wait "$pid" || rc=$?
  end=$(ms_now)
  [ "$rc" -le 1 ] || { echo "benchmark command failed with exit code $rc: $*" >&2; exit "$rc"; }
  echo "$(( end - start )) $peak $scan $worker"
}

one() {  # (a)
  rm -rf "$dir/one"
  "$prescreen" scan "$corpus" --out "$dir/one" --jobs 2 --quiet || [ $? -le 1 ]
}
two() {  # (b)
  rm -rf "$dir/two"
  "$prescreen" scan "$corpus" --out "$dir/two" --shard 1/2 --jobs 1 --quiet & a=$!
  "$prescreen" scan "$corpus" --out "$dir/two" --shard 2/2 --jobs 1 --quiet & b=$!
  wait $a || [ $? -le 1 ]
  wait $b || [ $? -le 1 ]
  "$prescreen" index "$dir/two" --quiet || [ $? -le 1 ]
}
export -f one two
export dir corpus prescreen

pps() { awk -v p="$1" -v ms="$2" 'BEGIN {printf "%.3f", p / (ms / 1000)}'; }
gib() { awk -v k="$1" 'BEGIN {printf "%.2f", k / 1048576}'; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

echo "shards: $size applicants, seed $seed, scan share $share, $rounds rounds; $(getconf _NPROCESSORS_ONLN) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$dir/one.ms"; : > "$dir/two.ms"
for r in $(seq 1 "$rounds"); do
  # Alternate which goes first, so a drift of the machine's speed falls on both alike.
  if [ $((r % 2)) -eq 1 ]; then order="one two"; else order="two one"; fi
  for what in $order; do
    read -r w k c wk < <(measure bash -c "$what")
    echo "$w" >> "$dir/$what.ms"
    out=$dir/$what
    pages=$(awk -F, 'NR > 1 {s += $6} END {print s + 0}' "$out/summary.csv")
    label=$([ "$what" = one ] && echo "1 shard x 2 jobs " || echo "2 shards x 1 job ")
    echo "round $r: $label: $pages pages in $(awk -v m="$w" 'BEGIN {printf "%.1f", m / 1000}') s = $(pps "$pages" "$w") pages/s; peak RSS $(gib "$k") GiB (a scan $(gib "$c"), a worker $(gib "$wk"))"
  done
done
pages=$(awk -F, 'NR > 1 {s += $6} END {print s + 0}' "$dir/one/summary.csv")
one_ms=$(median < "$dir/one.ms"); two_ms=$(median < "$dir/two.ms")
# Pages of each shard (the hash splits applicants, not pages).
split=$(for k in 1 2; do
  { "$prescreen" scan "$corpus" --out "$dir/two" --shard "$k/2" --jobs 1 2>/dev/null || true; } |
    awk -v k="$k" '/^pages:/ {print "shard " k "/2: " $2 " pages"}'
done | paste -sd ';' -)
echo "median: 1 shard x 2 jobs $(pps "$pages" "$one_ms") pages/s ($(pps "$pages" $((one_ms * 2))) per core); 2 shards x 1 job $(pps "$pages" "$two_ms") pages/s; $split"
echo "ratio 2 shards x 1 job / 1 shard x 2 jobs: $(awk -v a="$one_ms" -v b="$two_ms" 'BEGIN {printf "%.2f", a / b}')x"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
