#!/usr/bin/env bash
# Runs the prediction server: the champion of a model of the registry (or one fixed run) over HTTP,
# in a plain JVM with no Spark, following promotions and rollbacks by itself. Builds the server
# when it is missing or older than its sources. docs/serving.md has the API.
#
#   scripts/serve.sh [--out URI] [--model NAME] [--run RUN_ID] [--host 127.0.0.1] [--port 8080]
#                    [--poll-interval SECONDS] [--max-body-bytes BYTES] [--max-batch IMAGES] [--network-copies N]
#
# Environment: HADOOP_CONF_DIR, where HDFS is (as for the jobs); SPARK_DIGITS_SERVE_CLASSPATH, jars
# to add (hadoop-aws and the AWS SDK for s3a:); SPARK_DIGITS_SERVE_JAVA_OPTS, the JVM's options
# (default -Xmx1g); OMP_NUM_THREADS, ND4J's threads per forward pass (default 1: requests run side
# by side, one network copy per core).
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"

classpath=$(built serve)
if [[ -n ${HADOOP_CONF_DIR:-} ]]; then
  classpath=$HADOOP_CONF_DIR:$classpath
fi
if [[ -n ${SPARK_DIGITS_SERVE_CLASSPATH:-} ]]; then
  classpath=$classpath:$SPARK_DIGITS_SERVE_CLASSPATH
fi

# Java 17's module options, from the one file every launcher reads: ND4J reaches into java.nio
read -r -a module_options <<< "$(sed -n 's/^java17.module.options=//p' "$project/conf/jvm.properties")"
read -r -a java_options <<< "${SPARK_DIGITS_SERVE_JAVA_OPTS:--Xmx1g}"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
exec java "${module_options[@]}" "${java_options[@]}" \
  -Dlog4j2.configurationFile="$project/conf/log4j2.properties" \
  -cp "$classpath" io.sparkdigits.serve.ServeMain "$@"
