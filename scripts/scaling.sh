#!/usr/bin/env bash
# The cost curve of training (docs/scaling.md): MNIST's training split augmented to several sizes,
# one epoch of training on each, every training a Spark local-mode JVM of its own started as
# scripts/run-local.sh starts it (the default driver memory), its epoch time and peak resident
# memory measured. Prints a markdown table; with --chart, draws time and memory against examples.
#
#   scripts/scaling.sh [MNIST_DIR] [--copies "0 9 49"] [--root DIR] [--chart PNG] [TRAIN OPTIONS...]
#   scripts/scaling.sh [MNIST_DIR] --repeat "10 50" [--root DIR] [PIPELINE OPTIONS...]
#
# --copies: the augment job's copies per image for each size (0: MNIST itself). --root: a storage
# root to keep the datasets in between runs (ingest and augment rewrite nothing that is already
# there); by default a scratch folder, deleted after. The train options (--layers,
# --averaging-frequency, --batch-size, ...) apply to every size; --epochs defaults to 1.
#
# --repeat: the whole pipeline instead, as `scripts/run-local.sh --epochs 1` runs it (ingest with
# its 10% validation split, training, the validation and test passes, publishing), on MNIST's four
# files each repeated N times for each N given: 10 gives 600,000 training images (60,000 of them
# for validation) and 100,000 test images, 50 gives 3,000,000 and 500,000. Unlike augmenting,
# which keeps MNIST's validation and test splits, this grows every split the passes score. The
# repeated files are kept under --root (the raw IDX files, 47 MB per 60,000 images), each run's
# storage root is deleted after it; prints the peak resident memory of each run's JVM.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"
source scripts/lib.sh
data=""
if data=$(mnist_arg "$@"); then shift; fi
mnist=$(mnist_dir "$data")
copies="0 9 49"
repeat=""
root=""
chart=""
train_options=(--epochs 1)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --copies) copies=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    --chart) chart=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) train_options+=("$1"); shift ;;
  esac
done
require_gnu_time

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=${root:-$work/warehouse}
mkdir -p "$root"
root=$(cd "$root" && pwd)
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"

if [[ -n $repeat ]]; then
  echo "| MNIST's files repeated | training images | validation | test | peak RSS of the JVM | wall clock | test accuracy |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  for n in $repeat; do
    data=$root/mnist-x$n
    repeat_mnist "$mnist" "$data" "$n" "$n"
    /usr/bin/time -f '%M %e' -o "$work/x$n.time" \
      scripts/run-local.sh --data "$data" --out "$work/run-x$n" "${train_options[@]}" >"$work/x$n.log" 2>&1 \
      || { tail -20 "$work/x$n.log" >&2; exit 1; }
    rm -rf "$work/run-x$n"
    read -r kb seconds <"$work/x$n.time"
    # the split sizes and the accuracy as the pipeline printed them
    awk -v n="$n" -v kb="$kb" -v s="$seconds" '
      $3 == "images" { split_size[$1] = $2 }
      /^Test accuracy:/ { accuracy = $3 }
      END { printf "| %d | %s | %s | %s | %.2f GB | %.0f s | %s |\n", n, split_size["train"],
        split_size["validation"], split_size["test"], kb * 1024 / 1e9, s, accuracy }' "$work/x$n.log"
  done
  exit 0
fi

classpath=$(test_classpath "$work")
mvn -B -q -DskipTests package

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
