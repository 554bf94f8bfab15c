#!/bin/sh
# Runs a season's batch on Kubernetes: the volumes, the sharded scan, then the batch view once every shard is
# done (docs/SCALE.md). Usage: deploy/kubernetes/run.sh [NAMESPACE]. Needs kubectl 1.29+.
set -eu
cd "$(dirname "$0")"
ns=${1:-default}
kubectl -n "$ns" apply -f volumes.yaml
kubectl -n "$ns" delete job prescreen-scan prescreen-index --ignore-not-found
kubectl -n "$ns" apply -f scan-job.yaml
# Complete, or Failed once an index used up its retries; wait for either (a day at most).
state=""
while [ -z "$state" ]; do
  sleep 30
  state=$(kubectl -n "$ns" get job prescreen-scan \
    -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{"\n"}{end}' | grep -E '^(Complete|Failed)$' || true)
done
# The index either way: after a failure it shows what the other shards finished.
kubectl -n "$ns" apply -f index-job.yaml
kubectl -n "$ns" wait --for=condition=complete --timeout=1h job/prescreen-index
if [ "$state" = Failed ]; then
  # Running the whole batch again is cheap: the shards that finished find every applicant unchanged.
  echo "prescreen-scan failed: see kubectl -n $ns get pods -l step=scan; run $0 again to finish the failed shards" >&2
  exit 1
fi
