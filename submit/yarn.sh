#!/usr/bin/env bash
# Submits a spark-digits job to YARN.
#
#   submit/yarn.sh [--deploy-mode client|cluster] JOB [JOB OPTIONS...]
#
# Environment: HADOOP_CONF_DIR or YARN_CONF_DIR (required: where the cluster's configuration is),
# SPARK_HOME (a Spark 3.5 installation), YARN_QUEUE, NUM_EXECUTORS (default: dynamic allocation
# as the cluster configures it), EXECUTOR_CORES (1), DRIVER_MEMORY (4g), EXECUTOR_MEMORY (3g),
# DRIVER_OFFHEAP and EXECUTOR_OFFHEAP (2g: ND4J's arrays, outside the heap: see docs/cluster.md, Memory),
# SPARK_DIGITS_JAR (default: the project's job jar, built when missing or older than its sources).
#
# spark-submit waits for the application in cluster mode too (spark.yarn.submit.waitAppCompletion)
# and exits non-zero when it fails.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"
usage="[--deploy-mode client|cluster] "

deploy_mode=client
if [[ ${1:-} == --deploy-mode ]]; then
  deploy_mode=${2:-}
  shift 2 || usage_and_exit "$0" "$usage"
fi
[[ $deploy_mode == client || $deploy_mode == cluster ]] || usage_and_exit "$0" "$usage"
if [[ -z ${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-} ]]; then
  echo "error: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the configuration of the YARN cluster" >&2
  exit 2
fi
jar=$(job_jar)

# YARN puts files shipped with --files in every container's working directory before the JVM
# starts, so executors (and a cluster-mode driver) read the project's logging configuration there
if [[ $deploy_mode == client ]]; then
  set_common_args "$project/conf/log4j2.properties" log4j2.properties
else
  set_common_args log4j2.properties log4j2.properties
fi
args=(--master yarn --deploy-mode "$deploy_mode" "${common_args[@]}" --files "$project/conf/log4j2.properties"
  --executor-cores "${EXECUTOR_CORES:-1}")
[[ -z ${YARN_QUEUE:-} ]] || args+=(--queue "$YARN_QUEUE")
[[ -z ${NUM_EXECUTORS:-} ]] || args+=(--num-executors "$NUM_EXECUTORS")

exec "$project/submit/spark-submit.sh" "${args[@]}" --class "$MAIN_CLASS" "$jar" "$@"
