#!/usr/bin/env bash
# Checks that scripts/run-local.sh, started from another directory, resolves relative paths where
# the user stands and not in the project: each case fails in the job's checks before Spark starts,
# with an error that shows where the path was looked for. Then a newcomer's first two steps, in an
# empty directory: run-local.sh (one epoch) and serve.sh with no --out, --model or --run serve the
# run just trained (the server on any free port, so as not to clash with one on 8080). CI runs it.
#
#   scripts/test-run-local.sh        (MNIST_DIR=DIR: MNIST's files there, else run-local.sh finds them)
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

failures=0
# expect TEXT ARGS...: run-local.sh with ARGS must fail with TEXT in its one-line error
expect() {
  local text=$1 err status=0
  shift
  err=$("$project/scripts/run-local.sh" "$@" 2>&1 >/dev/null) || status=$?
  if [[ $status == 0 || $err != *"$text"* ]]; then
    echo "FAIL: run-local.sh $* (exit $status) should say: $text" >&2
    echo "$err" | tail -5 >&2
    failures=$((failures + 1))
  else
    echo "ok: run-local.sh $*"
  fi
}

# MNIST's four files, their headers only: enough for the checks made before Spark starts
mkdir -p mnist-here empty-here
for prefix in train t10k; do
  printf '\x00\x00\x08\x03\x00\x00\x00\x01\x00\x00\x00\x1c\x00\x00\x00\x1c' > "mnist-here/$prefix-images-idx3-ubyte"
  printf '\x00\x00\x08\x01\x00\x00\x00\x01' > "mnist-here/$prefix-labels-idx1-ubyte"
done
touch a-file

# --data is found here (and lacks the files), not looked for in the project
expect "--data empty-here: no train-images-idx3-ubyte[.gz] in it" --data empty-here
# --out is made here: under a file here, it cannot be
expect "--out a-file/warehouse: cannot write there: file:$work/a-file is a file, not a folder" \
  --data mnist-here --out a-file/warehouse
# so is the default, ./warehouse
mkdir -p ro && touch ro/warehouse
cd ro
expect "--out ./warehouse: cannot write there: file:$work/ro/warehouse is a file, not a folder" --data ../mnist-here
cd ..
# and --config is read from here
printf 'epochs=0\n' > my.properties
expect "epochs must be at least 1, got 0" --data mnist-here --config my.properties

[[ $failures == 0 ]] || { echo "$failures case(s) failed" >&2; exit 1; }
echo "run-local.sh resolves relative paths where it is started"

# the first two steps: train, then serve with no flags, both in ./warehouse of an empty directory
mkdir first-steps
cd first-steps
"$project/scripts/run-local.sh" --epochs 1 ${MNIST_DIR:+--data "$MNIST_DIR"} > run.log 2>&1 \
  || { tail -20 run.log >&2; echo "FAIL: run-local.sh" >&2; exit 1; }
run_id=$(sed -n 's|^Published run: .*/models/digits/runs/||p' run.log)
[[ -n $run_id ]] || { tail -20 run.log >&2; echo "FAIL: run-local.sh published no run into model digits" >&2; exit 1; }
grep -q "^PROMOTED: run $run_id of model digits: first run" run.log \
  || { tail -5 run.log >&2; echo "FAIL: the first run did not become the champion" >&2; exit 1; }
"$project/scripts/serve.sh" --port 0 > serve.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
url=""
for _ in $(seq 600); do
  url=$(sed -n 's|^Serving model digits (run .*, following the champion) on \(http://[^ ]*\)$|\1|p' serve.log)
  [[ -n $url ]] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 1
done
[[ -n $url ]] || { tail -20 serve.log >&2; echo "FAIL: serve.sh with no flags did not start" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' "${url}healthz")
served=$(curl -s "${url}api/model")
if [[ $status != 200 || $served != *"\"runId\":\"$run_id\""* ]]; then
  echo "FAIL: serve.sh with no flags: /healthz $status, /api/model $served; the run trained is $run_id" >&2
  exit 1
fi
echo "run-local.sh then serve.sh with no flags serve the run just trained, $run_id: /healthz $status"
