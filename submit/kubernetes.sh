#!/usr/bin/env bash
# Submits a spark-digits job to Kubernetes, in cluster mode, with the job image built from
# submit/kubernetes/Dockerfile (the job jar inside it at /opt/spark-digits/spark-digits-jobs.jar).
#
#   submit/kubernetes.sh JOB [JOB OPTIONS...]
#
# Environment: K8S_MASTER (required, k8s://https://HOST:PORT), SPARK_DIGITS_IMAGE (required, the
# job image), K8S_NAMESPACE (default), K8S_SERVICE_ACCOUNT (spark), NUM_EXECUTORS (2),
# EXECUTOR_CORES (1), DRIVER_MEMORY (4g), EXECUTOR_MEMORY (3g), SPARK_HOME (a Spark 3.5
# installation). The storage root (--out) must be shared: hdfs:// or s3a://.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"

job_class=$(job_class "${1:-}") || usage_and_exit "$0"
shift
: "${K8S_MASTER:?set K8S_MASTER to the API server, k8s://https://HOST:PORT}"
: "${SPARK_DIGITS_IMAGE:?set SPARK_DIGITS_IMAGE to the job image built from submit/kubernetes/Dockerfile}"
export SPARK_DIGITS_JAR=${SPARK_DIGITS_JAR:-local:///opt/spark-digits/spark-digits-jobs.jar}
# the cache directory the pod template mounts in every pod
export JAVACPP_CACHE_DIR=/opt/javacpp-cache

# the image holds the project's conf/
set_common_args /opt/spark-digits/conf/log4j2.properties /opt/spark-digits/conf/log4j2.properties
exec "$project/submit/spark-submit.sh" --master "$K8S_MASTER" --deploy-mode cluster "${common_args[@]}" \
  --conf "spark.kubernetes.container.image=$SPARK_DIGITS_IMAGE" \
  --conf "spark.kubernetes.namespace=${K8S_NAMESPACE:-default}" \
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${K8S_SERVICE_ACCOUNT:-spark}" \
  --conf "spark.kubernetes.driver.podTemplateFile=$project/submit/kubernetes/pod-template.yaml" \
  --conf "spark.kubernetes.executor.podTemplateFile=$project/submit/kubernetes/pod-template.yaml" \
  --conf "spark.executor.instances=${NUM_EXECUTORS:-2}" \
  --conf "spark.executor.cores=${EXECUTOR_CORES:-1}" \
  --class "$job_class" "$(job_jar)" "$@"
