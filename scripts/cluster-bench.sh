#!/usr/bin/env bash
# Epoch time and executor memory on the development cluster, standalone against YARN
# (docs/cluster.md): starts a fresh one with both (one HDFS), puts MNIST on HDFS, and RUNS times
# runs the pipeline in client mode through each manager's submit wrapper in turn (so that both see
# the same load): submit/standalone.sh (two Workers of one core) and submit/yarn.sh (two executors
# of one core). Prints for each run the epochs' times as the driver logs them and the peak resident
# memory (VmHWM) of each executor JVM. The cluster is stopped after.
#
#   scripts/cluster-bench.sh [MNIST_DIR] [--runs 3] [PIPELINE OPTIONS...]   default --epochs 3
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"
source scripts/lib.sh
source submit/lib.sh
data=""
if data=$(mnist_arg "$@"); then shift; fi
mnist=$(mnist_dir "$data")
runs=3
options=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) options+=("$1"); shift ;;
  esac
done
[[ " ${options[*]} " == *" --epochs "* ]] || options+=(--epochs 3)

work=$(mktemp -d)
export DEV_CLUSTER_DIR=$work/dev-cluster
sampler=""
trap '[[ -z $sampler ]] || kill "$sampler" 2>/dev/null; scripts/dev-cluster.sh stop > /dev/null; rm -rf "$work"' EXIT

built jobs > /dev/null
scripts/dev-cluster.sh start > /dev/null
scripts/dev-cluster.sh start --yarn > /dev/null
export NUM_EXECUTORS=2
eval "$(scripts/dev-cluster.sh env)"
hdfs=hdfs://127.0.0.1:9000
scripts/dev-cluster.sh fs -mkdir -p /bench/input 2>/dev/null
scripts/dev-cluster.sh fs -put -f "$mnist"/*-ubyte.gz /bench/input/ 2>/dev/null
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; pipeline ${options[*]}"

# Every half second, each executor JVM of the cluster and its peak resident memory so far, one
# "PID KB" line each
sample_executors() {
  local pid
  while true; do
    for pid in $(scripts/dev-cluster.sh executors); do
      awk -v pid="$pid" '/^VmHWM:/ {print pid, $2}' "/proc/$pid/status" 2>/dev/null || true
    done
    sleep 0.5
  done
}

for run in $(seq "$runs"); do
  for manager in standalone yarn; do
    log=$work/$manager-$run.log
    sample_executors > "$work/memory" &
    sampler=$!
    "submit/$manager.sh" pipeline --data "$hdfs/bench/input" --out "$hdfs/bench/$manager-$run" "${options[@]}" \
      > "$log" 2>&1 || { cat "$log"; exit 1; }
    kill "$sampler"
    sampler=""
    epochs=$(sed -n 's/.*Epoch [0-9]*\/[0-9]*: .*; \([0-9.]*\) s, [0-9]* examples\/s.*/\1/p' "$log" | paste -sd ' ')
    peaks=$(sort -k1,1n -k2,2n "$work/memory" | awk '{peak[$1] = $2} END {for (p in peak) printf "%d ", peak[p] / 1024}')
    echo "run $run, $manager: epochs (s): $epochs; executors' peak RSS (MB): $peaks; $(grep -o 'Test accuracy: .*' "$log")"
  done
done
