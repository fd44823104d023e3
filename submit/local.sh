#!/usr/bin/env bash
# Submits a spark-digits job to Spark in local mode: driver and executor in one JVM, on all cores.
#
#   submit/local.sh JOB [JOB OPTIONS...]     JOB: one of those submit/local.sh --help lists
#
# Environment: SPARK_MASTER (default local[*]), DRIVER_MEMORY (default 2g: the driver is the executor too; training
# streams its data, so the heap need not grow with it: docs/scaling.md) and
# DRIVER_OFFHEAP (default 2g, as an executor's: see docs/cluster.md, Memory), SPARK_HOME (a Spark 3.5 installation; without it the Maven-resolved runtime of
# submit/spark-runtime, built when missing), SPARK_DIGITS_JAR (default: the project's job jar, built when missing
# or older than its sources), SPARK_DIGITS_CLASS (default: the jobs' entry point; another main class of the job jar,
# such as an example program), MALLOC_ARENA_MAX (default 2), SPARK_LOCAL_IP (default 127.0.0.1 in local mode).
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"

jar=$(job_jar)

# in local mode the driver runs the training workers itself, one OpenMP thread each
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
# glibc's malloc keeps an arena per thread (up to 8 per core) that holds on to freed native memory:
# with ND4J's off-heap arrays made and freed by Spark's task threads, 2 arenas took 350 MB off the
# peak of a 3M-example epoch (docs/scaling.md); YARN caps them for its containers the same way
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
export DRIVER_MEMORY=${DRIVER_MEMORY:-2g}
# in local mode the driver is the only JVM and nothing on another host connects to it, so it listens
# on loopback. Otherwise spark-submit itself, before the job's main (so even for models, which starts
# no Spark), warns when this host's name resolves to a loopback address: true, and harmless here
if [[ ${SPARK_MASTER:-local[*]} == local* ]]; then
  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
fi
set_common_args "$project/conf/log4j2.properties"

exec "$project/submit/spark-submit.sh" --master "${SPARK_MASTER:-local[*]}" "${common_args[@]}" \
  --class "${SPARK_DIGITS_CLASS:-$MAIN_CLASS}" "$jar" "$@"
