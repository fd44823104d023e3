#!/usr/bin/env bash
# Cluster integration test: the whole pipeline through the real spark-submit against the
# development cluster, with input, dataset, model and metrics all on HDFS. Every published run is
# loaded back from HDFS and must reproduce its accuracy; one run has an executor JVM killed in the
# middle of training and must publish all the same. The cluster is stopped whatever happens.
#
#   scripts/it-cluster.sh [--yarn] [MNIST_DIR]     default: data/mnist, else ../shared/data/mnist
#
# Standalone (a Master and two Workers), through submit/standalone.sh: a first run checked where it
# was published and on which Workers it ran, then the run with an executor killed.
#
# --yarn (a ResourceManager and a NodeManager), through submit/yarn.sh: runs in client and in
# cluster mode that must reach the accuracy of local mode for the same seed, a usage error whose
# status 2 must come back from the cluster-mode driver, the run with an executor's container
# killed, and a retraining run twice by scripts/retrain.sh (promoted, then skipped); at the end no
# process of the cluster may be left.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"
source scripts/lib.sh
source submit/lib.sh
manager=standalone
if [[ ${1:-} == --yarn ]]; then
  manager=yarn
  shift
fi
mnist=$(mnist_dir "${1:-}")
floor=0.93   # one epoch on the full MNIST reaches about 0.95; a broken model stays near 0.1

work=$(mktemp -d)
export DEV_CLUSTER_DIR=$work/dev-cluster
submission=""   # a submission running in the background: stopped too when the test fails
trap '[[ -z $submission ]] || kill -- -"$submission" 2>/dev/null; scripts/dev-cluster.sh stop; rm -rf "$work"' EXIT

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

built jobs > /dev/null   # before the cluster starts rather than in its first submission
check_classpath=$(test_classpath "$work")

if [[ $manager == yarn ]]; then
  scripts/dev-cluster.sh start --yarn
else
  scripts/dev-cluster.sh start
fi
eval "$(scripts/dev-cluster.sh env)"
hdfs=hdfs://127.0.0.1:9000
scripts/dev-cluster.sh fs -mkdir -p /it/input
scripts/dev-cluster.sh fs -put -f "$mnist"/*-ubyte.gz /it/input/
pipeline=(pipeline --data "$hdfs/it/input" --out "$hdfs/it/warehouse")

# check_published RUN_URI: loads the run's model back and reproduces its accuracy, over the floor;
# prints the accuracy
check_published() {
  local report
  report=$(java -Xmx4g -cp "$check_classpath" io.sparkdigits.jobs.it.PublishedRunCheck "$1" "$mnist" "$floor") \
    || fail "run $1 does not hold up"
  echo "$report" >&2
  sed -n 's/.*published accuracy \([0-9.]*\),.*/\1/p' <<< "$report"
}
run_uri() { echo "$hdfs/it/warehouse/models/digits/runs/$1"; }

# Runs the pipeline of 3 epochs with WRAPPER, kills an executor JVM as soon as the first epoch has
# ended (so that two are still to come), and checks the run it publishes all the same.
killed_executor_run() {
  local wrapper=$1 victim
  # in a session of its own, whose processes (the wrapper's and the driver) the trap can stop
  setsid "$wrapper" "${pipeline[@]}" --run-id it-killed --epochs 3 > "$work/killed.log" 2>&1 &
  submission=$!
  for _ in $(seq 1500); do
    grep -q "Epoch 1/3" "$work/killed.log" && break
    kill -0 "$submission" 2>/dev/null || break
    sleep 0.2
  done
  ! grep -q "Epoch 3/3" "$work/killed.log" || fail "training ended before an executor could be killed"
  # (sed reads them all: head would leave the list's writer a broken pipe, a failure under pipefail)
  victim=$(scripts/dev-cluster.sh executors | sed -n 1p)
  [[ -n $victim ]] || { cat "$work/killed.log"; fail "no executor to kill"; }
  echo "killing executor JVM $victim"
  kill -9 "$victim"
  wait "$submission" || { cat "$work/killed.log"; fail "the run did not survive the loss of an executor"; }
  submission=""
  grep -E "Epoch|Test accuracy|Lost executor|lost" "$work/killed.log" | head -20 || true
  check_published "$(run_uri it-killed)" > /dev/null
}

standalone_test() {
  echo "== run 1: the pipeline on the cluster"
  local start=$SECONDS
  submit/standalone.sh "${pipeline[@]}" --run-id it-first --epochs 1 2>&1 | tee "$work/run1.log"
  echo "run 1 took $(( SECONDS - start )) s"
  check_published "$(run_uri it-first)" > /dev/null
  for worker in worker1 worker2; do
    grep -qs "Finished task" "$DEV_CLUSTER_DIR"/work/$worker/app-*/*/stderr \
      || fail "no executor on $worker ran tasks"
    echo "$worker: $(cat "$DEV_CLUSTER_DIR"/work/$worker/app-*/*/stderr | grep -c 'Finished task') tasks finished by its executors"
  done

  echo "== run 2: an executor is killed during training"
  killed_executor_run submit/standalone.sh
}

# expect_status STATUS COMMAND...: runs COMMAND, which must exit with STATUS
expect_status() {
  local expected=$1 status=0
  shift
  "$@" || status=$?
  (( status == expected )) || fail "$* exited $status, not $expected"
  echo "ok: exit status $status: $*"
}

yarn_test() {
  export NUM_EXECUTORS=2
  local local_accuracy accuracy mode start app containers

  echo "== local mode, the reference for the same seed"
  # (local paths as file: URIs: the cluster's HDFS is the default file system now)
  SPARK_MASTER='local[*]' submit/local.sh pipeline --data "file://$mnist" --out "file://$work/local" --run-id it-local --epochs 1 \
    > "$work/local.log" 2>&1 || { cat "$work/local.log"; fail "local mode failed"; }
  local_accuracy=$(check_published "file://$work/local/models/digits/runs/it-local")

  for mode in client cluster; do
    echo "== the pipeline in $mode mode"
    start=$SECONDS
    submit/yarn.sh --deploy-mode "$mode" "${pipeline[@]}" --run-id "it-$mode" --epochs 1 > "$work/$mode.log" 2>&1 \
      || { cat "$work/$mode.log"; fail "the pipeline failed in $mode mode"; }
    echo "took $(( SECONDS - start )) s"
    accuracy=$(check_published "$(run_uri "it-$mode")")
    [[ $accuracy == "$local_accuracy" ]] || fail "$mode mode reached $accuracy, local mode $local_accuracy"
    # the driver (cluster mode) or the ApplicationMaster (client mode) and the two executors
    # (the NodeManager moves their logs to HDFS once the application has ended); the newest
    # application is the one that just ran
    app=$(scripts/dev-cluster.sh yarn application -list -appStates ALL 2>/dev/null \
      | grep -o '^application_[0-9]*_[0-9]*' | sort -V | tail -1) || fail "YARN lists no application"
    for _ in $(seq 30); do
      containers=$(scripts/dev-cluster.sh yarn logs -applicationId "$app" 2>/dev/null | grep -o '^Container: container_[0-9_]*' | sort -u | wc -l)
      (( containers >= 3 )) && break
      sleep 2
    done
    (( containers >= 3 )) || fail "yarn logs -applicationId $app has the logs of $containers containers, not 3"
    echo "ok: $mode mode: accuracy $accuracy as in local mode; yarn logs has the logs of $containers containers"
  done

  echo "== a usage error in cluster mode: the driver's status 2 comes back"
  expect_status 2 submit/yarn.sh --deploy-mode cluster "${pipeline[@]}" --epochs 0

  echo "== an executor's container is killed during training"
  killed_executor_run submit/yarn.sh

  echo "== a retraining, twice: promoted, then skipped"
  local retrain=(scripts/retrain.sh --data "$hdfs/it/input" --out "$hdfs/it/retrain" --epochs 1)
  export SPARK_DIGITS_SUBMIT=yarn
  expect_status 0 "${retrain[@]}"
  expect_status 11 "${retrain[@]}"
}

"${manager}_test"

leftovers=$(scripts/dev-cluster.sh fs -ls "$hdfs/it/warehouse/_tmp" 2>/dev/null | grep -c "^[d-]" || true)
[[ $leftovers == 0 ]] || fail "$leftovers entries left in _tmp"
scripts/dev-cluster.sh stop
left=$(pgrep -f "$DEV_CLUSTER_DIR" || true)
[[ -z $left ]] || fail "processes left after the cluster stopped: $(ps -o pid=,args= -p "${left//$'\n'/,}" | cut -c1-200)"
echo "cluster integration test passed ($manager)"
