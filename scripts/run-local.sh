#!/usr/bin/env bash
# Runs the whole pipeline on this machine, in Spark local mode on all cores: ingest, train,
# evaluate, publish. Builds what is missing and fetches MNIST when it is not there yet.
#
#   scripts/run-local.sh [--data DIR] [--out URI] [--epochs N] [any other pipeline option]
#
# --data defaults to data/mnist in the project, or, where that does not exist, a shared copy at
# ../shared/data/mnist; with neither, MNIST is fetched into data/mnist. --out defaults to ./warehouse.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$project"

# the job jar, when it is missing or older than any source
jar=jobs/target/spark-digits-jobs.jar
if [[ ! -f $jar ]] || [[ -n $(find pom.xml common jobs/pom.xml jobs/src conf/pipeline.properties -newer "$jar" -type f -print -quit) ]]; then
  echo "Building the job jar..."
  mvn -B -q -DskipTests package
fi

# Spark itself, when the user has no installation
if [[ -z ${SPARK_HOME:-} && ! -d submit/spark-runtime/target/spark-home/jars ]]; then
  echo "Resolving the Spark runtime from Maven Central..."
  mvn -B -q -f submit/spark-runtime/pom.xml package
fi

data=""
for arg in "$@"; do
  case "$arg" in
    --data|--data=*|--train-images|--train-images=*) data=given ;;
  esac
done
args=("$@")
if [[ -z $data ]]; then
  if [[ -d data/mnist ]]; then
    data=data/mnist
  elif [[ -f ../shared/data/mnist/train-images-idx3-ubyte.gz ]]; then
    data=../shared/data/mnist
  else
    scripts/fetch-mnist.sh data/mnist
    data=data/mnist
  fi
  args=(--data "$data" "${args[@]}")
fi

exec submit/local.sh pipeline "${args[@]}"
