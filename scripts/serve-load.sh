#!/usr/bin/env bash
# The prediction server's load test (serve/src/test/.../ServeLoadTest) once for each size of its
# network pool: REQUESTS requests (default 2,000) from 8 concurrent clients to a server on the
# loopback while a promotion happens a quarter of the way through. Prints each run's p50 and p99
# latency and requests per second, the numbers docs/serving.md records.
#
#   scripts/serve-load.sh [MNIST_DIR]        COPIES="1 2 4" REQUESTS=2000 by default
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
project=$(pwd)
source scripts/lib.sh

mnist=()
if data=$(mnist_arg "$@"); then
  mnist=(-Dmnist.dir="$(mnist_dir "$data")")
fi
for copies in ${COPIES:-1 2 4}; do
  mvn -B -q -pl core,serve test -Dtest=ServeLoadTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dserve.load.copies="$copies" -Dserve.load.requests="${REQUESTS:-2000}" "${mnist[@]}" >&2
  grep -h '^serve load:' "$project/serve/target/surefire-reports/io.sparkdigits.serve.ServeLoadTest-output.txt"
done
