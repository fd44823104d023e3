#!/usr/bin/env bash
# Benchmark: the pipeline in Spark local mode on all cores against a plain single-JVM fit of the
# same network on the same data, with one OpenMP thread and with ND4J's default. Prints markdown
# tables (docs/benchmarks.md records them).
#
#   scripts/bench.sh [MNIST_DIR]       default: data/mnist, else ../shared/data/mnist
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"
source scripts/lib.sh
mnist=$(mnist_dir "${1:-}")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
scripts/run-local.sh --data "$mnist" --out "$work/warehouse" > "$work/pipeline.log" 2>&1 \
  || { cat "$work/pipeline.log"; exit 1; }
metrics=$(ls "$work"/warehouse/runs/*/metrics.json)

classpath=$(test_classpath "$work")

OMP_NUM_THREADS=1 java -Xmx6g -cp "$classpath" io.sparkdigits.jobs.bench.SingleMachineBaseline "$metrics" "$mnist"
(unset OMP_NUM_THREADS; java -Xmx6g -cp "$classpath" io.sparkdigits.jobs.bench.SingleMachineBaseline "$metrics" "$mnist") \
  | sed -n '/^Single JVM/,$p'
