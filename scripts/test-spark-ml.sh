#!/usr/bin/env bash
# The Spark ML API as a user's own application uses it: the example program
# (io.sparkdigits.examples.JavaDigitsClassifierExample, written against io.sparkdigits.ml alone),
# submitted with spark-submit in local mode, trains on MNIST ingested as Parquet, must reach 97% on
# the test split as a DataFrame and from SQL, and saves and loads its model on the way. CI runs it.
#
#   scripts/test-spark-ml.sh [MNIST_DIR]     (default: ../shared/data/mnist beside the project, else data/mnist)
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mnist=${1:-$project/../shared/data/mnist}
[[ -d $mnist ]] || mnist=$project/data/mnist
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$project/submit/local.sh" ingest --data "$mnist" --out "$work/warehouse" | tee "$work/ingest.log"
version=$(sed -n 's/^Dataset: .* (version \(.*\))$/\1/p' "$work/ingest.log")
dataset=$work/warehouse/datasets/mnist/$version

SPARK_DIGITS_CLASS=io.sparkdigits.examples.JavaDigitsClassifierExample "$project/submit/local.sh" \
  "$dataset/split=train" "$dataset/split=test" "$work/model" | tee "$work/example.log"

# the evaluator's accuracy, and the SQL query's (in the table show() prints)
accuracy=$(sed -n 's/^Test accuracy: //p' "$work/example.log")
sql_accuracy=$(grep -A2 '^|accuracy' "$work/example.log" | sed -n 's/^| *\([0-9.]*\) *|$/\1/p')
test -f "$work/model/model.zip" && test -d "$work/model/metadata"
for value in "$accuracy" "$sql_accuracy"; do
  if ! awk -v a="$value" 'BEGIN { exit !(a + 0 >= 0.97) }'; then
    echo "FAIL: test accuracy '$value' (evaluator $accuracy, SQL $sql_accuracy) is below 0.97" >&2
    exit 1
  fi
done
echo "ok: the example program reached $accuracy on the test split ($sql_accuracy from SQL)"
