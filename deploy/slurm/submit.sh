#!/bin/sh
# Submits a season's batch to Slurm (docs/SCALE.md): an array of SHARDS scan tasks, then an index job that
# runs once all of them succeeded (it is cancelled if one fails: re-submit that task with
# `sbatch --array=K ...` as below, then the index).
# Usage: deploy/slurm/submit.sh SHARDS UPLOADS REPORTS
# Environment: CPUS (cores per task = --jobs, default 2), PRESCREEN (the binary, default prescreen on PATH),
#   LOGS (folder for the tasks' logs, default the current folder), SBATCH_EXTRA (more sbatch options).
# Prints the array's and the index job's ids on one line.
set -eu
[ $# -eq 3 ] || { echo "usage: $0 SHARDS UPLOADS REPORTS" >&2; exit 2; }
shards=$1; uploads=$2; reports=$3
case $shards in ''|*[!0-9]*) echo "SHARDS must be a number: $shards" >&2; exit 2 ;; esac
[ "$shards" -ge 1 ] || { echo "SHARDS must be 1 or more" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
cpus=${CPUS:-2}
logs=${LOGS:-.}
mkdir -p "$logs" "$reports"
export SHARDS="$shards" UPLOADS="$uploads" REPORTS="$reports" PRESCREEN="${PRESCREEN:-prescreen}"
# shellcheck disable=SC2086
array=$(sbatch --parsable --array="1-$shards" --cpus-per-task="$cpus" --mem="$((128 + 256 * cpus))M" \
  --output="$logs/prescreen-scan-%A_%a.log" --export=ALL ${SBATCH_EXTRA:-} "$here/scan.sbatch")
array=${array%%;*}
# shellcheck disable=SC2086
index=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$logs/prescreen-index-%j.log" --export=ALL ${SBATCH_EXTRA:-} "$here/index.sbatch")
echo "$array ${index%%;*}"
