#!/usr/bin/env bash
# Submits a spark-digits job to Kubernetes, in cluster mode, with the job image built from
# submit/kubernetes/Dockerfile (the job jar inside it at /opt/spark-digits/spark-digits-jobs.jar).
#
#   submit/kubernetes.sh JOB [JOB OPTIONS...]
#
# Environment: K8S_MASTER (required, k8s://https://HOST:PORT), SPARK_DIGITS_IMAGE (required, the
# job image), K8S_NAMESPACE (default), K8S_SERVICE_ACCOUNT (spark), NUM_EXECUTORS (2),
# EXECUTOR_CORES (1), DRIVER_MEMORY (4g), EXECUTOR_MEMORY (3g), DRIVER_OFFHEAP and EXECUTOR_OFFHEAP (2g:
# ND4J's arrays, outside the heap: see docs/cluster.md, Memory), SPARK_HOME (a Spark 3.5
# installation). The storage root (--out) must be shared: hdfs:// or s3a://.
#
# spark-submit in Kubernetes cluster mode waits for the driver but exits 0 whatever its end (Spark
# 3.5, SPARK-26365): this wrapper names the driver pod and, with kubectl on the PATH, exits with
# its container's exit status, which is the job's (retrain's outcome statuses included).
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"

: "${K8S_MASTER:?set K8S_MASTER to the API server, k8s://https://HOST:PORT}"
: "${SPARK_DIGITS_IMAGE:?set SPARK_DIGITS_IMAGE to the job image built from submit/kubernetes/Dockerfile}"
export SPARK_DIGITS_JAR=${SPARK_DIGITS_JAR:-local:///opt/spark-digits/spark-digits-jobs.jar}
jar=$(job_jar)
# the cache directory the pod template mounts in every pod
export JAVACPP_CACHE_DIR=/opt/javacpp-cache

namespace=${K8S_NAMESPACE:-default}
driver_pod=spark-digits-$(date -u +%Y%m%d-%H%M%S)-$RANDOM-driver

# the image holds the project's conf/
set_common_args /opt/spark-digits/conf/log4j2.properties /opt/spark-digits/conf/log4j2.properties
"$project/submit/spark-submit.sh" --master "$K8S_MASTER" --deploy-mode cluster "${common_args[@]}" \
  --conf "spark.kubernetes.driver.pod.name=$driver_pod" \
  --conf spark.kubernetes.submission.waitAppCompletion=true \
  --conf "spark.kubernetes.container.image=$SPARK_DIGITS_IMAGE" \
  --conf "spark.kubernetes.namespace=$namespace" \
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${K8S_SERVICE_ACCOUNT:-spark}" \
  --conf "spark.kubernetes.driver.podTemplateFile=$project/submit/kubernetes/pod-template.yaml" \
  --conf "spark.kubernetes.executor.podTemplateFile=$project/submit/kubernetes/pod-template.yaml" \
  --conf "spark.executor.instances=${NUM_EXECUTORS:-2}" \
  --conf "spark.executor.cores=${EXECUTOR_CORES:-1}" \
  --class "$MAIN_CLASS" "$jar" "$@"

if ! command -v kubectl >/dev/null; then
  echo "warning: no kubectl on the PATH: the status of driver pod $driver_pod is unknown" >&2
  exit 0
fi
# the driver pod's one container, named as in the pod template
status=$(kubectl get pod "$driver_pod" --namespace "$namespace" \
  -o jsonpath='{.status.containerStatuses[?(@.name=="spark-kubernetes-container")].state.terminated.exitCode}')
if [[ -z $status ]]; then
  echo "error: driver pod $driver_pod has no exit status" >&2
  exit 1
fi
exit "$status"
