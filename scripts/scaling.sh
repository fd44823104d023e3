#!/usr/bin/env bash
# The cost curve of training (docs/scaling.md): MNIST's training split augmented to several sizes,
# one epoch of training on each, every training a Spark local-mode JVM of its own started as
# scripts/run-local.sh starts it (the default driver memory), its epoch time and peak resident
# memory measured. Prints a markdown table; with --chart, draws time and memory against examples.
#
#   scripts/scaling.sh [MNIST_DIR] [--copies "0 9 49"] [--root DIR] [--chart PNG] [TRAIN OPTIONS...]
#
# --copies: the augment job's copies per image for each size (0: MNIST itself). --root: a storage
# root to keep the datasets in between runs (ingest and augment rewrite nothing that is already
# there); by default a scratch folder, deleted after. The train options (--layers,
# --averaging-frequency, --batch-size, ...) apply to every size; --epochs defaults to 1.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"
source scripts/lib.sh
data=""
if data=$(mnist_arg "$@"); then shift; fi
mnist=$(mnist_dir "$data")
copies="0 9 49"
root=""
chart=""
train_options=(--epochs 1)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --copies) copies=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    --chart) chart=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) train_options+=("$1"); shift ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "error: needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=${root:-$work/warehouse}
mkdir -p "$root"
root=$(cd "$root" && pwd)
classpath=$(test_classpath "$work")
mvn -B -q -DskipTests package

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
# the validation split would change the training examples that docs/scaling.md counts, and the
# per-epoch test accuracy it reports
submit/local.sh ingest --data "$mnist" --out "$root" --validation-fraction 0 >&2
runs=()
for k in $copies; do
  dataset=mnist
  if (( k > 0 )); then
    dataset=mnist-aug$k
    submit/local.sh augment --out "$root" --copies "$k" >&2
  fi
  run=scale-$k-$(date +%s)
  /usr/bin/time -f '%M %e' -o "$work/$run.time" \
    submit/local.sh train --out "$root" --dataset "$dataset" --run-id "$run" "${train_options[@]}" >&2
  runs+=(--run "$root/_staging/$run/training.json:$work/$run.time")
done
java -cp "$classpath" io.sparkdigits.jobs.bench.ScalingReport "${runs[@]}" ${chart:+--chart "$chart"}
