#!/usr/bin/env bash
# Benchmark: the same network trained for the same epochs on the same MNIST three ways, one JVM
# each, and a plain numpy script for reference; prints a markdown table (docs/benchmarks.md records
# it) and last a machine-readable line: spark/single epoch ratio: R accuracy: A, R being (b)'s
# epoch time over that of the fastest single-JVM way of (a) on the same cores
#
#   (a) a single JVM on all cores: a plain MultiLayerNetwork.fit with one OpenMP thread and with
#       ND4J's default, and DL4J's ParallelWrapper with (b)'s workers and averaging, one thread each
#   (b) the pipeline's ingest and parameter-averaging training in Spark local mode on all cores
#   (c) Spark MLlib's MultilayerPerceptronClassifier, same layer sizes, on (b)'s Parquet dataset
#
#   scripts/bench.sh [MNIST_DIR] [PIPELINE OPTIONS...]   e.g. scripts/bench.sh ../shared/data/mnist --batch-size 64
#
# MNIST_DIR defaults to data/mnist, else ../shared/data/mnist. The pipeline options (--layers,
# --batch-size, --epochs, --learning-rate, ...) apply to every way; conf/pipeline.properties has
# their defaults. MLLIB_BUDGET (seconds, default 600) bounds (c), which fits afresh with doubling
# iterations until one fit reaches 97%. BENCH_RUNS (default 1) runs (a) and (b) that many times,
# interleaved (every way once, then every way again), and each row and the ratio take each way's
# middle run: a single run's ratio moves with the machine's speed from one minute to the next.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"
source scripts/lib.sh
data=""
if data=$(mnist_arg "$@"); then shift; fi
mnist=$(mnist_dir "$data")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
classpath=$(test_classpath "$work")
module_options=$(sed -n 's/^java17.module.options=//p' conf/jvm.properties)
# DL4J times the phases of training (DistributedTrainer at DEBUG) by an NTP server unless told otherwise, as
# the submit wrappers tell it
bench() {
  java -Xmx6g $module_options -Dspark-digits.conf.dir="$project/conf" \
    -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource \
    -Dlog4j2.configurationFile="$project/conf/log4j2.properties" -cp "$classpath" "io.sparkdigits.jobs.bench.$@"
}

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
singles=()
sparks=()
for run in $(seq 1 "${BENCH_RUNS:-1}"); do
  echo "== (a) single JVM, run $run"
  OMP_NUM_THREADS=1 bench SingleJvmBench --data "$mnist" --result "$work/single-1.$run.json" "$@"
  (unset OMP_NUM_THREADS; bench SingleJvmBench --data "$mnist" --result "$work/single-default.$run.json" "$@")
  singles+=(--single "$work/single-1.$run.json" --single "$work/single-default.$run.json")
  if (( $(nproc) > 1 )); then  # ParallelWrapper needs 2 workers or more
    OMP_NUM_THREADS=1 bench SingleJvmBench --parallel-wrapper --data "$mnist" --result "$work/wrapper.$run.json" "$@"
    singles+=(--single "$work/wrapper.$run.json")
  fi
  echo "== (b) Spark parameter averaging, local mode, run $run"
  OMP_NUM_THREADS=1 bench SparkBench --data "$mnist" --out "$work/warehouse-$run" --result "$work/spark.$run.json" "$@"
  sparks+=(--spark "$work/spark.$run.json")
done
echo "== (c) Spark MLlib"
bench MllibBench --out "$work/warehouse-1" --result "$work/mllib.json" --budget-seconds "${MLLIB_BUDGET:-600}" "$@"
reference=()
if python3 -c 'import numpy' 2>/dev/null; then
  echo "== numpy reference"
  python3 scripts/bench/numpy_reference.py "$mnist" "$work/numpy.json" "$@"
  reference=(--reference "$work/numpy.json")
fi
echo
bench BenchReport "${singles[@]}" "${sparks[@]}" --mllib "$work/mllib.json" "${reference[@]}"
