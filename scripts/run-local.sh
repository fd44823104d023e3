#!/usr/bin/env bash
# Runs the whole pipeline on this machine, in Spark local mode on all cores: ingest, train,
# evaluate, publish into model digits, whose champion the run becomes when it wins (a first run:
# when it reaches the floor), so that scripts/serve.sh then serves it with no flags. Fetches MNIST when it is not there yet; submit/local.sh builds what is missing
# (the job jar, and Spark's runtime when SPARK_HOME is not set).
#
#   scripts/run-local.sh [--data DIR] [--out URI] [--epochs N] [--augment K] [any other pipeline option]
#
# Relative paths (--data, --out, --config, ...) are where you stand, as for any command: the job
# runs in your working directory, so --out defaults to ./warehouse there. Without --data, MNIST
# comes from data/mnist in the project, or, where that does not exist, a shared copy at
# ../shared/data/mnist beside the project; with neither, it is fetched into data/mnist.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

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
