#!/usr/bin/env bash
# One scheduled retraining of a model of the registry: the entry point for cron (and for anything
# else that runs a command on a schedule). Takes the newest data, trains a challenger, promotes it
# only when it beats the champion, and exits with a status the scheduler acts on:
#
#   0 promoted   10 champion kept   11 skipped (nothing changed)   12 another run holds the lock
#   1 failed     2 usage error
#
#   scripts/retrain.sh [RETRAIN OPTIONS...]     e.g. --inbox hdfs://nn:8020/landing/mnist --out hdfs://nn:8020/digits
#
# Environment: SPARK_DIGITS_SUBMIT, the wrapper of submit/ that runs the job: local (default),
# standalone or yarn, in client mode, where the driver's exit status is spark-submit's own; every
# variable that wrapper reads (SPARK_MASTER, HADOOP_CONF_DIR, SPARK_HOME, ...). For Airflow and
# Kubernetes see submit/schedule/. The wrapper builds what is missing or older than its sources (the
# job jar, and Spark's runtime when SPARK_HOME is not set) when Maven is there to build it.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

submit=${SPARK_DIGITS_SUBMIT:-local}
case "$submit" in
  local | standalone | yarn) ;;
  *)
    echo "error: SPARK_DIGITS_SUBMIT must be local, standalone or yarn, not '$submit'" >&2
    exit 2
    ;;
esac
exec "$project/submit/$submit.sh" retrain "$@"
