#!/usr/bin/env bash
# Submits a spark-digits job to a Spark standalone cluster.
#
#   submit/standalone.sh [--deploy-mode client|cluster] JOB [JOB OPTIONS...]
#
# Environment: SPARK_MASTER (required, spark://HOST:7077), SPARK_HOME (a Spark 3.5 installation;
# without it the Maven-resolved runtime of submit/spark-runtime), DRIVER_MEMORY (4g),
# EXECUTOR_MEMORY (3g), DRIVER_OFFHEAP and EXECUTOR_OFFHEAP (2g: ND4J's arrays, outside the heap: see
# docs/cluster.md, Memory), TOTAL_EXECUTOR_CORES (all the cluster offers), SPARK_DIGITS_JAR (default: the
# project's job jar, built when missing or older than its sources).
#
# In cluster mode spark-submit exits 0 whatever becomes of the driver; this wrapper waits for the
# driver and exits non-zero unless it FINISHED.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"

deploy_mode=client
if [[ ${1:-} == --deploy-mode ]]; then
  deploy_mode=${2:-}
  shift 2 || usage_and_exit "$0" "[--deploy-mode client|cluster] "
fi
[[ $deploy_mode == client || $deploy_mode == cluster ]] || usage_and_exit "$0" "[--deploy-mode client|cluster] "
: "${SPARK_MASTER:?set SPARK_MASTER to the master URL of the cluster, spark://HOST:7077}"
jar=$(job_jar)

# executors log as the Workers' configuration says: a standalone executor fetches the files of
# --files only after its logging has started
if [[ $deploy_mode == client ]]; then
  set_common_args "$project/conf/log4j2.properties"
else
  set_common_args
fi
args=(--master "$SPARK_MASTER" --deploy-mode "$deploy_mode" "${common_args[@]}" --class "$MAIN_CLASS")
if [[ -n ${TOTAL_EXECUTOR_CORES:-} ]]; then
  args+=(--total-executor-cores "$TOTAL_EXECUTOR_CORES")
fi

if [[ $deploy_mode == client ]]; then
  exec "$project/submit/spark-submit.sh" "${args[@]}" "$jar" "$@"
fi

# cluster mode: wait for the driver and report its final state
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} -Dlog4j2.configurationFile=$project/submit/log4j2-submit.properties"
"$project/submit/spark-submit.sh" "${args[@]}" --conf spark.standalone.submit.waitAppCompletion=true \
  "$jar" "$@" 2>&1 | tee "$log"
state=$(sed -n 's/.*State of driver [^ ]* is \([A-Z]*\).*/\1/p' "$log" | tail -1)
if [[ $state != FINISHED ]]; then
  echo "error: the driver ended ${state:-in an unknown state}" >&2
  exit 1
fi
