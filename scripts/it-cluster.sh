#!/usr/bin/env bash
# Cluster integration test: the whole pipeline through the real spark-submit, in client mode,
# against the development cluster (a standalone Master, two Workers, HDFS), with input, dataset,
# model and metrics all on HDFS. A first run is checked where it was published; a
# second run has one executor JVM killed in the middle of training and must publish all the same.
# The cluster is stopped whatever happens.
#
#   scripts/it-cluster.sh [MNIST_DIR]     default: data/mnist, else ../shared/data/mnist
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"
source scripts/lib.sh
source submit/lib.sh
mnist=$(mnist_dir "${1:-}")
floor=0.93   # one epoch on the full MNIST reaches about 0.96; a broken model stays near 0.1

work=$(mktemp -d)
export DEV_CLUSTER_DIR=$work/dev-cluster
trap 'scripts/dev-cluster.sh stop; rm -rf "$work"' EXIT

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

built jobs > /dev/null   # before the cluster starts rather than in its first submission
check_classpath=$(test_classpath "$work")

scripts/dev-cluster.sh start
eval "$(scripts/dev-cluster.sh env)"
hdfs=hdfs://127.0.0.1:9000
scripts/dev-cluster.sh fs -mkdir -p /it/input
scripts/dev-cluster.sh fs -put -f "$mnist"/*-ubyte.gz /it/input/

check_published() {
  java -Xmx4g -cp "$check_classpath" io.sparkdigits.jobs.it.PublishedRunCheck \
    "$hdfs/it/warehouse/models/digits/runs/$1" "$mnist" "$floor" || fail "run $1 does not hold up"
}

echo "== run 1: the pipeline on the cluster"
start=$(date +%s)
submit/standalone.sh pipeline --data "$hdfs/it/input" --out "$hdfs/it/warehouse" --run-id it-first --epochs 1 \
  2>&1 | tee "$work/run1.log"
echo "run 1 took $(( $(date +%s) - start )) s"
check_published it-first
for worker in worker1 worker2; do
  grep -qs "Finished task" "$DEV_CLUSTER_DIR"/work/$worker/app-*/*/stderr \
    || fail "no executor on $worker ran tasks"
  echo "$worker: $(cat "$DEV_CLUSTER_DIR"/work/$worker/app-*/*/stderr | grep -c 'Finished task') tasks finished by its executors"
done

echo "== run 2: an executor is killed during training"
submit/standalone.sh pipeline --data "$hdfs/it/input" --out "$hdfs/it/warehouse" --run-id it-killed --epochs 3 \
  > "$work/run2.log" 2>&1 &
submission=$!
# epochs take seconds: kill as soon as the first has ended, so that two are still to come
for _ in $(seq 1500); do
  grep -q "Epoch 1/3" "$work/run2.log" && break
  kill -0 "$submission" 2>/dev/null || break
  sleep 0.2
done
! grep -q "Epoch 3/3" "$work/run2.log" || fail "training ended before an executor could be killed"
victim=$(pgrep -f "CoarseGrainedExecutorBackend.*--app-id" | head -1) || true
[[ -n $victim ]] || { cat "$work/run2.log"; fail "no executor to kill"; }
echo "killing executor JVM $victim"
kill -9 "$victim"
wait "$submission" || { cat "$work/run2.log"; fail "the run did not survive the loss of an executor"; }
grep -E "Epoch|Test accuracy|Lost executor|lost" "$work/run2.log" | head -20 || true
check_published it-killed

leftovers=$(scripts/dev-cluster.sh fs -ls "$hdfs/it/warehouse/_tmp" 2>/dev/null | grep -c "^[d-]" || true)
[[ $leftovers == 0 ]] || fail "$leftovers entries left in _tmp"
echo "cluster integration test passed"
