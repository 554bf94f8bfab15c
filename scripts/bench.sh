#!/bin/bash
# The throughput benchmark (README "Performance"): generates a corpus, then in the same run times
#   (a) prescreen scan --jobs N, with every check and every report, and
#   (b) a baseline that only OCRs the same pages with the tesseract command line: N processes at once
#       (xargs -P N), OMP_THREAD_LIMIT=1, PDF pages rendered with pdftoppm (grey PGM) at the dpi prescreen picks,
#       text-layer pages through pdftotext, image files straight into tesseract,
# and (c) prescreen scan --jobs 1 for scaling. Prints pages/s, their ratio, the share of wall time spent
# inside tesseract recognition, and peak RSS (the sum over the process tree, sampled every 0.2 s).
#
# Usage: scripts/bench.sh [SIZE] [JOBS] [SEED] [SCAN_SHARE]
#   SIZE        applicants in the generated corpus (about 20 pages each; 10 gives ~200 pages)
#   JOBS        workers (default: cores)
#   SCAN_SHARE  share of text PDFs written as image-only scans (0..1; default 1 = OCR-heavy)
# Environment: BENCH_DIR (default bench/), BENCH_SKIP_BUILD=1 to use the existing release build,
#   BENCH_ONLY=prescreen|baseline to time one side, BENCH_ONLY=memory to compare peak RSS on a ~50- and a
#   ~500-page corpus (BENCH_MEMORY_SMALL/BENCH_MEMORY_LARGE applicants), BENCH_SINGLE=0 to skip the --jobs 1 run,
#   PRESCREEN=path to time another prescreen binary (e.g. an older build) on the same corpus,
#   BENCH_CORPUS=DIR to time an existing corpus (the development set) instead of a generated one,
#   BENCH_ROUNDS=N rounds of the three timed runs, alternated; medians and their ratios are printed (default 3).
# prescreen is timed with each OCR engine (ocr.engine: tesseract, then paddle, the default).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-10}; jobs=${2:-$(getconf _NPROCESSORS_ONLN)}; seed=${3:-20241}; share=${4:-1}
dir=${BENCH_DIR:-bench}
prescreen=${PRESCREEN:-.build/release/prescreen}
# libgomp reads this at load time: without it tesseract runs ~4 OpenMP threads per engine on 2 cores.
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

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

# Runs "$@" in its own session and prints "<wall ms> <peak RSS KiB>" (RSS summed over every process of
# the session, so worker processes count too). The command's exit code is kept in $dir/.rc.
measure() {
  local start end pid sid peak=0 rss
  start=$(ms_now)
  setsid "$@" > /dev/null &
  pid=$!
  sid=$pid
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -o rss= -s "$sid" 2>/dev/null | awk '{s += $1} END {print s + 0}')
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.2
  done
  local rc=0
  wait "$pid" || rc=$?
  end=$(ms_now)
  echo "$rc" > "$dir/.rc"
  echo "$(( end - start )) $peak"
}

# --- Memory (BENCH_ONLY=memory): the same scan on a small and a large corpus, peak RSS of each. ------------
# Peak RSS must follow the worker pool, not the batch: BENCH_MEMORY_SMALL and BENCH_MEMORY_LARGE applicants
# (default 3 and 26: about 50 and 500 pages), --jobs JOBS, SCAN_SHARE as given.
if [ "${BENCH_ONLY:-}" = memory ]; then
  echo "memory: $(getconf _NPROCESSORS_ONLN) cores, --jobs $jobs, seed $seed, scan share $share; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  declare -A peak_of
  for n in "${BENCH_MEMORY_SMALL:-3}" "${BENCH_MEMORY_LARGE:-26}"; do
    c=$dir/memory-$n
    .build/release/prescreen-gen corpus --out "$c" --seed "$seed" --size "$n" --scan-share "$share" --no-faces >&2
    read -r w k < <(measure "$prescreen" scan "$c" --out "$c.reports" --jobs "$jobs" --quiet)
    rc=$(cat "$dir/.rc")
    [ "$rc" -le 1 ] || { echo "prescreen scan failed with exit code $rc" >&2; exit "$rc"; }
    pages=$(awk -F, 'NR > 1 {s += $6} END {print s + 0}' "$c.reports/summary.csv")
    peak_of[$n]=$k
    echo "memory: $n applicants, $pages pages in $(awk -v m="$w" 'BEGIN {printf "%.1f", m / 1000}') s; peak RSS $(awk -v k="$k" 'BEGIN {printf "%.2f GiB", k / 1048576}')"
  done
  echo "memory: peak RSS large / small = $(awk -v a="${peak_of[${BENCH_MEMORY_LARGE:-26}]}" -v b="${peak_of[${BENCH_MEMORY_SMALL:-3}]}" 'BEGIN {printf "%.2f", a / b}')x"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
if [ -n "${BENCH_CORPUS:-}" ]; then
  # An existing corpus instead of a generated one (e.g. BENCH_CORPUS=../shared/devset/corpus).
  corpus=$(cd "$BENCH_CORPUS" && pwd)
else
  .build/release/prescreen-gen corpus --out "$corpus" --seed "$seed" --size "$size" --scan-share "$share" --no-faces >&2
fi

# --- The baseline's page plan (untimed): the same decision prescreen makes for each page. -----------------
# A PDF page is OCRed when its text layer holds fewer than 20 non-blank characters or images cover at least
# 5% of it (the pipeline's min_text_layer_chars and min_raster_coverage); at min(200, the scan's dpi), never
# under 100. Image files go to tesseract whole (a multi-page TIFF is one tesseract run over all its pages).
plan=$dir/plan
: > "$plan"
find "$corpus" -mindepth 2 -type f ! -name applicant.yml ! -name '.*' ! -name '~$*' -print0 |
while IFS= read -r -d '' f; do
  magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
  case $magic in
    25504446)  # %PDF
      pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}') || true
      [ -n "${pages:-}" ] || continue
      pdfinfo -f 1 -l "$pages" "$f" 2>/dev/null | awk '/^Page +[0-9]+ size:/ {print $2, $4, $6}' > "$dir/.sizes"
      pdfimages -list "$f" 2>/dev/null | awk 'NR > 2 {print $1, $4, $5, $13, $14}' > "$dir/.images"
      for p in $(seq 1 "$pages"); do
        chars=$(pdftotext -f "$p" -l "$p" "$f" - 2>/dev/null | tr -d '[:space:]' | wc -m)
        read -r kind dpi < <(awk -v p="$p" -v chars="$chars" '
          FNR == 1 { file++ }
          file == 1 && $1 == p { area = $2 * $3 / 5184 }              # page area, square inches
          file == 2 && $1 == p && $4 > 0 && $5 > 0 {
            a = ($2 / $4) * ($3 / $5); cover += a                      # image area, square inches
            if (a > best) { best = a; src = $4 }
          }
          END {
            dpi = 200
            if (src > 0) { dpi = src < 200 ? src : 200; if (dpi < 100) dpi = 100 }
            ocr = chars < 20 || (area > 0 && cover / area >= 0.05)
            print (ocr ? "pdf" : "text"), dpi
          }' "$dir/.sizes" "$dir/.images")
        printf '%s %s %s %s\0' "$kind" "$dpi" "$p" "$f" >> "$plan"
      done ;;
    ffd8*|89504e47|49492a00|4d4d002a|424d*)
      printf '%s %s %s %s\0' image 0 1 "$f" >> "$plan" ;;
  esac
done
ocr_jobs=$(tr '\0' '\n' < "$plan" | grep -c -E '^(pdf|image) ' || true)
text_jobs=$(tr '\0' '\n' < "$plan" | grep -c '^text ' || true)

# One plan entry: "kind dpi page path" (the path last, so it may hold spaces).
cat > "$dir/baseline-page.sh" <<'EOF'
#!/bin/sh
set -u
kind=${1%% *}; rest=${1#* }; dpi=${rest%% *}; rest=${rest#* }; page=${rest%% *}; file=${rest#* }
case $kind in
  text)  pdftotext -f "$page" -l "$page" "$file" - ;;
  # PGM, not PNG: deflating a noisy 200-dpi scan costs pdftoppm 5-9 s a page, more than the OCR itself.
  pdf)   pdftoppm -r "$dpi" -gray -singlefile -f "$page" -l "$page" "$file" |
           tesseract stdin stdout -l chi_sim+eng --dpi "$dpi" 2>/dev/null ;;
  image) tesseract "$file" stdout -l chi_sim+eng 2>/dev/null ;;
esac > /dev/null
EOF
chmod +x "$dir/baseline-page.sh"

# The default pipeline with each OCR engine (ocr.engine: paddle is the default; docs/RECOGNITION.md).
for engine in paddle tesseract; do
  sed "s/^  engine: .*/  engine: $engine/" Pipelines/aksu-2024.yml > "$dir/$engine.yml"
done

run_prescreen() {  # jobs [engine] -> "wall_ms peak_kib recognition_s osd_s pages ocr_pages page_work_s faces_s"
  local j=$1 engine=${2:-paddle}
  local out=$dir/reports-$1-$engine log=$dir/recognition-$1-$engine.log
  rm -rf "$out"; : > "$log"
  local r
  r=$(PRESCREEN_RECOGNITION_LOG=$log measure "$prescreen" scan "$corpus" --out "$out" --jobs "$j" --quiet \
        --pipeline "$dir/$engine.yml")
  local rc; rc=$(cat "$dir/.rc")
  [ "$rc" -le 1 ] || { echo "prescreen scan --jobs $j failed with exit code $rc" >&2; exit "$rc"; }
  local rec osd pages ocr work
  rec=$(awk '$1 == "recognize" {s += $2} END {printf "%.1f", s}' "$log")
  work=$(awk '$1 == "page" {s += $2} END {printf "%.1f", s}' "$log")
  osd=$(awk '$1 == "osd" {s += $2} END {printf "%.1f", s}' "$log")
  faces=$(awk '$1 == "faces" {s += $2} END {printf "%.1f", s}' "$log")
  pages=$(awk -F, 'NR > 1 {s += $6} END {print s + 0}' "$out/summary.csv")
  ocr=$(grep -c '^recognize ' "$log" || true)
  echo "$r $rec $osd $pages $ocr $work $faces"
}

pps() { awk -v p="$1" -v ms="$2" 'BEGIN {printf "%.3f", p / (ms / 1000)}'; }
gib() { awk -v k="$1" 'BEGIN {printf "%.2f GiB", k / 1048576}'; }

echo "corpus: $size applicants, seed $seed, scan share $share; $ocr_jobs OCR jobs and $text_jobs text-layer pages in the baseline plan; $(getconf _NPROCESSORS_ONLN) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
only=${BENCH_ONLY:-}
rounds=${BENCH_ROUNDS:-3}
# The machines are shared and noisy: each round runs prescreen (tesseract), prescreen (paddle) and the baseline
# one after the other, and the ratios are those of the medians over BENCH_ROUNDS rounds (default 3).
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
maxof() { tr ' ' '\n' | grep . | sort -n | tail -1; }
tws="" tks="" pws="" pks="" bws="" bks="" pshare=""
for round in $(seq 1 "$rounds"); do
  if [ "$only" != baseline ]; then
    read -r tw tk trec tosd tpages tocr twork tfaces < <(run_prescreen "$jobs" tesseract)
    echo "round $round: prescreen (tesseract) --jobs $jobs: $tpages pages in $(awk -v m="$tw" 'BEGIN {printf "%.1f", m / 1000}') s = $(pps "$tpages" "$tw") pages/s;" \
      "recognition $trec s + OSD $tosd s; face search $tfaces s = $(awk -v f="$tfaces" -v w="$twork" 'BEGIN {printf "%.1f%%", (w > 0 ? 100 * f / w : 0)}') of $twork s page time; peak RSS $(gib "$tk")"
    read -r pw pk prec posd pages pocr pwork pfaces < <(run_prescreen "$jobs")
    echo "round $round: prescreen (paddle) --jobs $jobs: $pages pages ($pocr recognitions) in $(awk -v m="$pw" 'BEGIN {printf "%.1f", m / 1000}') s = $(pps "$pages" "$pw") pages/s;" \
      "recognition $prec s + OSD $posd s = $(awk -v r="$prec" -v m="$pw" -v j="$jobs" 'BEGIN {printf "%.0f%%", 100 * r / (m / 1000 * j)}') of wall x $jobs workers in recognition;" \
      "workers busy with pages $pwork s = $(awk -v r="$pwork" -v m="$pw" -v j="$jobs" 'BEGIN {printf "%.0f%%", 100 * r / (m / 1000 * j)}');" \
      "face search $pfaces s = $(awk -v f="$pfaces" -v w="$pwork" 'BEGIN {printf "%.1f%%", (w > 0 ? 100 * f / w : 0)}') of the workers' page time;" \
      "peak RSS $(gib "$pk")"
    tws="$tws $tw" tks="$tks $tk" pws="$pws $pw" pks="$pks $pk"
    pshare="$pshare $(awk -v f="$pfaces" -v w="$pwork" 'BEGIN {printf "%.2f", (w > 0 ? 100 * f / w : 0)}')"
  fi
  if [ "$only" != prescreen ]; then
    [ -n "${pages:-}" ] || pages=$(tr '\0' '\n' < "$plan" | grep -c . || true)
    read -r bw bk < <(measure sh -c "xargs -0 -P '$jobs' -n 1 '$dir/baseline-page.sh' < '$plan'")
    echo "round $round: baseline (tesseract CLI, xargs -P $jobs): $pages pages in $(awk -v m="$bw" 'BEGIN {printf "%.1f", m / 1000}') s = $(pps "$pages" "$bw") pages/s; peak RSS $(gib "$bk")"
    bws="$bws $bw" bks="$bks $bk"
  fi
done
if [ "$only" != baseline ]; then
  tw=$(echo "$tws" | median) pw=$(echo "$pws" | median)
  echo "median of $rounds: prescreen (tesseract) --jobs $jobs: $(pps "$tpages" "$tw") pages/s, peak RSS (max) $(gib "$(echo "$tks" | maxof)")"
  echo "median of $rounds: prescreen (paddle) --jobs $jobs: $(pps "$pages" "$pw") pages/s, peak RSS (max) $(gib "$(echo "$pks" | maxof)");" \
    "face search $(echo "$pshare" | median)% of the workers' page time"
fi
if [ "$only" != prescreen ]; then
  bw=$(echo "$bws" | median)
  echo "median of $rounds: baseline (tesseract CLI, xargs -P $jobs): $(pps "$pages" "$bw") pages/s, peak RSS (max) $(gib "$(echo "$bks" | maxof)")"
fi
if [ -z "$only" ]; then
  echo "ratio prescreen (paddle)/baseline at $jobs jobs (medians): $(awk -v a="$bw" -v b="$pw" 'BEGIN {printf "%.2f", a / b}')x;" \
    "prescreen (tesseract)/baseline: $(awk -v a="$bw" -v b="$tw" 'BEGIN {printf "%.2f", a / b}')x"
fi
if [ "$only" != baseline ] && [ "${BENCH_SINGLE:-1}" = 1 ] && [ "$jobs" -gt 1 ]; then
  read -r sw sk srec sosd spages socr swork sfaces < <(run_prescreen 1)
  echo "prescreen --jobs 1: $spages pages in $(awk -v m="$sw" 'BEGIN {printf "%.1f", m / 1000}') s = $(pps "$spages" "$sw") pages/s;" \
    "recognition $srec s + OSD $sosd s = $(awk -v r="$srec" -v m="$sw" 'BEGIN {printf "%.0f%%", 100 * r / (m / 1000)}') of wall in recognition;" \
    "worker busy with pages $swork s = $(awk -v r="$swork" -v m="$sw" 'BEGIN {printf "%.0f%%", 100 * r / (m / 1000)}');" \
    "face search $sfaces s = $(awk -v f="$sfaces" -v w="$swork" 'BEGIN {printf "%.1f%%", (w > 0 ? 100 * f / w : 0)}') of the worker's page time;" \
    "peak RSS $(gib "$sk")"
  echo "scaling --jobs $jobs / --jobs 1: $(awk -v a="$sw" -v b="$pw" 'BEGIN {printf "%.2f", a / b}')x"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
