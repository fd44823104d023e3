#!/usr/bin/env bash
# Runs the whole pipeline on this machine, in Spark local mode on all cores: ingest, train,
# evaluate, publish. Builds what is missing and fetches MNIST when it is not there yet.
#
#   scripts/run-local.sh [--data DIR] [--out URI] [--epochs N] [--augment K] [any other pipeline option]
#
# Relative paths (--data, --out, --config, ...) are where you stand, as for any command: the job
# runs in your working directory, so --out defaults to ./warehouse there. Without --data, MNIST
# comes from data/mnist in the project, or, where that does not exist, a shared copy at
# ../shared/data/mnist beside the project; with neither, it is fetched into data/mnist.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# the job jar, when it is missing or older than any source
jar=$project/jobs/target/spark-digits-jobs.jar
if [[ ! -f $jar ]] || [[ -n $(cd "$project" && find pom.xml common jobs/pom.xml jobs/src conf/pipeline.properties -newer "$jar" -type f -print -quit) ]]; then
  echo "Building the job jar..."
  (cd "$project" && mvn -B -q -DskipTests package)
fi

# Spark itself, when the user has no installation
if [[ -z ${SPARK_HOME:-} && ! -d $project/submit/spark-runtime/target/spark-home/jars ]]; then
  echo "Resolving the Spark runtime from Maven Central..."
  mvn -B -q -f "$project/submit/spark-runtime/pom.xml" package
fi

data=""
for arg in "$@"; do
  case "$arg" in
    --data|--data=*|--train-images|--train-images=*) data=given ;;
  esac
done
args=("$@")
if [[ -z $data ]]; then
  if [[ -d $project/data/mnist ]]; then
    data=$project/data/mnist
  elif [[ -f $project/../shared/data/mnist/train-images-idx3-ubyte.gz ]]; then
    data=$(cd "$project/../shared/data/mnist" && pwd)
  else
    "$project/scripts/fetch-mnist.sh" "$project/data/mnist"
    data=$project/data/mnist
  fi
  args=(--data "$data" "${args[@]}")
fi

exec "$project/submit/local.sh" pipeline "${args[@]}"
