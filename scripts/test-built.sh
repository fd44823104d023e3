#!/usr/bin/env bash
# Checks that the scripts a user runs build what they need on a fresh clone (submit/lib.sh, built):
# the server for scripts/serve.sh, the job jar and Spark's runtime for scripts/retrain.sh when
# SPARK_HOME is not set; nothing when it is all there; again what is older than its sources. Works
# in a clone of the checkout's commit, where it builds the server twice, the job jar and Spark's
# runtime: a few minutes with Maven's local repository filled. CI runs it.
#
#   scripts/test-built.sh
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$project" "$work/clone"
cd "$work/clone"
unset SPARK_HOME SPARK_DIGITS_JAR

failures=0
# run STATUS COMMAND...: COMMAND must exit with STATUS; what it prints (both streams) is kept for says
run() {
  local status=$1 actual=0
  shift
  command=$*
  output=$("$@" 2>&1) || actual=$?
  if (( actual == status )); then pass "exits $status"; else fail "exits $actual, not $status"; fi
}
# says TEXT / never_says TEXT: what the last command run printed holds TEXT / does not
says() { if [[ $output == *"$1"* ]]; then pass "says: $1"; else fail "does not say: $1"; fi; }
never_says() { if [[ $output != *"$1"* ]]; then pass "never says: $1"; else fail "says: $1"; fi; }
pass() { echo "ok: $command $1"; }
fail() {
  echo "FAIL: $command $1" >&2
  echo "$output" | tail -5 >&2
  failures=$((failures + 1))
}

run 0 scripts/serve.sh --help
says "Building the server (it is missing)"
says "Usage: serve"
run 0 scripts/serve.sh --help
never_says "Building"
touch serve/src/main/java/io/sparkdigits/serve/ServeMain.java
run 0 scripts/serve.sh --help
says "Building the server (serve/src/main/java/io/sparkdigits/serve/ServeMain.java is newer)"

run 0 scripts/retrain.sh --help
says "Building the job jar (it is missing)"
says "Building the Spark runtime from Maven Central (it is missing)"
says "Usage: spark-digits retrain"
run 0 scripts/retrain.sh --help
never_says "Building"
# the wrappers hold no list of the jobs: the job jar refuses one it does not have
run 2 submit/local.sh wobble --epochs 3
says "spark-digits: unknown job 'wobble': the jobs are pipeline, "

# what the user names is used as it is, never built
run 2 env SPARK_HOME="$work/no-spark" scripts/models.sh --help
says "error: SPARK_HOME=$work/no-spark is no Spark 3.5 installation"
run 2 env SPARK_DIGITS_JAR="$work/no.jar" scripts/models.sh --help
says "error: SPARK_DIGITS_JAR=$work/no.jar: no such file"

[[ $failures == 0 ]] || { echo "$failures case(s) failed" >&2; exit 1; }
echo "the scripts build what is missing or out of date, and only that"
