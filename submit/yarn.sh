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
# The job jar, the project's Spark settings and logging configuration and the cluster's Hadoop
# configuration reach the containers through YARN's distributed cache. The exit status is the
# driver's in both modes: in cluster mode spark-submit waits for the application
# (spark.yarn.submit.waitAppCompletion) and this wrapper exits with the status the driver reported
# to YARN, which spark-submit prints from the application's final report. A container that YARN
# kills for exceeding its memory is named, with the setting to raise.
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
# Named after the job in YARN's list of applications, in cluster mode too (where the job names its
# Spark session only once YARN has taken the application). One attempt: a driver that ended has
# decided (a retraining that kept its champion exits 10), and a second would run the job again.
args=(--master yarn --deploy-mode "$deploy_mode" --name "spark-digits ${1:-}" "${common_args[@]}"
  --files "$project/conf/log4j2.properties" --executor-cores "${EXECUTOR_CORES:-1}" --conf spark.yarn.maxAppAttempts=1)
[[ -z ${YARN_QUEUE:-} ]] || args+=(--queue "$YARN_QUEUE")
[[ -z ${NUM_EXECUTORS:-} ]] || args+=(--num-executors "$NUM_EXECUTORS")

# Names the containers that YARN killed for their memory, as the log $1 tells, with the setting
# of this wrapper that sizes them (spark.*.memoryOverhead, which Spark's own message names, is
# set here from it). An executor's is in Spark's log of the allocator (the driver's log in client
# mode); a cluster-mode driver's is the first container of the application, in YARN's diagnostics.
report_memory_kills() {
  if grep -q 'Container killed by YARN for exceeding physical memory limits' "$1"; then
    echo "error: YARN killed an executor's container for exceeding its memory (exit status -104):" \
      "raise EXECUTOR_OFFHEAP (now ${EXECUTOR_OFFHEAP:-2g}), which sizes spark.executor.memoryOverhead" >&2
  fi
  if grep -q "containerID=container_[0-9_e]*_01_000001\] is running .* beyond the 'PHYSICAL' memory limit" "$1"; then
    echo "error: YARN killed the driver's container for exceeding its memory (exit status -104):" \
      "raise DRIVER_OFFHEAP (now ${DRIVER_OFFHEAP:-2g}), which sizes spark.driver.memoryOverhead" >&2
  fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
if [[ $deploy_mode == client ]]; then
  # the driver's log (stderr) is also kept, to be read once it has ended; what it prints on stdout
  # stays there
  { "$project/submit/spark-submit.sh" "${args[@]}" --class "$MAIN_CLASS" "$jar" "$@" 2>&1 1>&3 3>&- \
    | tee "$log" >&2 3>&-; } 3>&1 || status=$?
  report_memory_kills "$log"
  exit "$status"
fi

# cluster mode: spark-submit logs the application's reports, the last with YARN's diagnostics
export SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} -Dlog4j2.configurationFile=$project/submit/log4j2-submit.properties"
"$project/submit/spark-submit.sh" "${args[@]}" --conf spark.yarn.submit.waitAppCompletion=true \
  --class "$MAIN_CLASS" "$jar" "$@" 2>&1 | tee "$log" || status=$?
report_memory_kills "$log"
app=$(grep -o 'application_[0-9]*_[0-9]*' "$log" | head -1) || true
if (( status != 0 )); then
  # Spark's ApplicationMaster reports the status the driver exited with as the diagnostics
  driver_status=$(sed -n 's/.*User application exited with status \([0-9]*\).*/\1/p' "$log" | tail -1)
  echo "error: application ${app:-?} failed${driver_status:+: the driver exited with status $driver_status}" \
    "(its logs: yarn logs -applicationId ${app:-ID})" >&2
  exit "${driver_status:-$status}"
fi
