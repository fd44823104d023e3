#!/usr/bin/env bash
# The Spark ML model's transform against the predict job's own scoring, on the same rows
# (docs/spark-ml.md): MNIST's training files repeated N times (50: 3,000,000 images) ingested once
# with no validation split, a model trained on MNIST for one epoch (the pipeline, published as
# champion of model digits), then the predict job scores the repeated training split both ways,
# interleaved, RUNS times each: --split train (its own scoring of a dataset's split) and --parquet
# of that split's folder (through the Spark ML model's transform). Each run is a local-mode JVM of
# its own, as submit/local.sh starts it; prints every run and the median of each way: wall clock of
# the JVM (Spark's start included), images per CPU second (user and system time of the JVM: on a
# shared machine the wall clock says more about the others than about the job), peak resident memory.
#
#   scripts/spark-ml-throughput.sh [MNIST_DIR] [--repeat N] [--runs N] [--root DIR]
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"
source scripts/lib.sh
data=""
if data=$(mnist_arg "$@"); then shift; fi
mnist=$(mnist_dir "$data")
repeat=50
runs=3
root=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done
require_gnu_time

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=${root:-$work/warehouse}
mkdir -p "$root"
root=$(cd "$root" && pwd)
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"

dataset=mnist-x$repeat
repeated=$root/$dataset-idx
repeat_mnist "$mnist" "$repeated" "$repeat" 1
submit/local.sh ingest --data "$repeated" --out "$root" --dataset "$dataset" --validation-fraction 0 \
  >"$work/ingest.log" 2>&1 || { tail -20 "$work/ingest.log" >&2; exit 1; }
version=$(sed -n 's/^Dataset: .* (version \(.*\))$/\1/p' "$work/ingest.log")
split=$root/datasets/$dataset/$version/split=train
images=$(grep '^train ' "$work/ingest.log" | awk '{gsub(",", "", $2); print $2}')
[[ -d $root/models/digits ]] || submit/local.sh pipeline --data "$mnist" --out "$root" --epochs 1 \
  >"$work/pipeline.log" 2>&1 || { tail -20 "$work/pipeline.log" >&2; exit 1; }

declare -A seconds cpu memory
echo "| run | way | wall clock | CPU time | images per CPU second | peak RSS |"
echo "|---:|---|---:|---:|---:|---:|"
for ((run = 1; run <= runs; run++)); do
  for way in split transform; do
    input=(--split train --dataset "$dataset")
    [[ $way == transform ]] && input=(--parquet "$split")
    output=$work/predictions-$way-$run
    /usr/bin/time -f '%M %e %U %S' -o "$work/time" submit/local.sh predict --champion digits --out "$root" \
      "${input[@]}" --output "$output" --show 0 >"$work/predict.log" 2>&1 || { tail -20 "$work/predict.log" >&2; exit 1; }
    predicted=$(sed -n 's/^Predicted \([0-9,]*\) images.*/\1/p' "$work/predict.log" | tr -d ,)
    [[ $predicted == "$images" ]] || { echo "error: $way predicted '$predicted' images of $images" >&2; exit 1; }
    rm -rf "$output"
    read -r kb wall user system <"$work/time"
    used=$(echo "$user + $system" | bc -l)
    seconds[$way]+="$wall "
    cpu[$way]+="$used "
    memory[$way]+="$kb "
    printf "| %d | %s | %.1f s | %.1f s | %.0f | %.2f GB |\n" "$run" "$way" "$wall" "$used" \
      "$(echo "$images / $used" | bc -l)" "$(echo "$kb / 1048576" | bc -l)"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "Medians of $runs interleaved runs, $images images:"
for way in split transform; do
  wall=$(echo "${seconds[$way]}" | median)
  used=$(echo "${cpu[$way]}" | median)
  kb=$(echo "${memory[$way]}" | median)
  printf "%-9s wall %.1f s, CPU %.1f s: %.0f images per CPU second, peak RSS %.2f GB\n" "$way" "$wall" "$used" \
    "$(echo "$images / $used" | bc -l)" "$(echo "$kb / 1048576" | bc -l)"
done
