# Shared by the scripts that run benchmarks and checks; sourced with $project set and the working
# directory at the project root.

# The MNIST folder: $1 when given, else data/mnist, else a shared copy at ../shared/data/mnist;
# printed as an absolute path.
mnist_dir() {
  local dir=${1:-}
  if [[ -z $dir ]]; then
    dir=data/mnist
    [[ -d $dir ]] || dir=../shared/data/mnist
  fi
  (cd "$dir" && pwd)
}

# For scripts called as SCRIPT [MNIST_DIR] [OPTIONS...]: prints their first argument and succeeds
# when it is the MNIST folder rather than an option, so that the caller shifts it away:
#   if data=$(mnist_arg "$@"); then shift; fi
mnist_arg() {
  [[ $# -gt 0 && $1 != --* ]] && echo "$1"
}

# Compiles the test classes and prints a classpath with them, the main classes and every
# dependency, for the benchmark and check programs under jobs/src/test. $1: a scratch folder.
test_classpath() {
  # one reactor build, so that the project's own modules resolve to what it just compiled and never
  # to an older copy in the local Maven repository; jobs, built last, writes the file last
  mvn -B -q test-compile dependency:build-classpath -pl jobs -am -Dmdep.includeScope=test \
    -Dmdep.outputFile="$1/classpath" >&2
  echo "jobs/target/test-classes:jobs/target/classes:spark/target/classes:spark/target/test-classes:core/target/classes:core/target/test-classes:$(cat "$1/classpath")"
}

# MNIST's four files from folder $1 (gzip'd or not) into folder $2 as raw IDX files, the training
# files' items $3 times over and the test files' $4 times: files already there are kept
repeat_mnist() {
  local mnist=$1 target=$2 train_times=$3 test_times=$4 file source
  mkdir -p "$target"
  for file in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    source=$mnist/$file
    [[ -f $source ]] || source=$source.gz
    [[ -f $target/$file ]] && continue
    if [[ $file == t10k-* ]]; then
      repeat_idx "$source" "$target/$file" "$test_times"
    else
      repeat_idx "$source" "$target/$file" "$train_times"
    fi
  done
}

# Fails, saying what to install, where GNU time (which the benchmarks take peak memory from) is missing
require_gnu_time() {
  command -v /usr/bin/time >/dev/null || { echo "error: needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }
}

# MNIST's IDX file $1 (gzip'd or not) with its items $3 times over, as the raw IDX file $2: the
# header's count multiplied, the items copied one run after another
repeat_idx() {
  local source=$1 target=$2 times=$3 raw dimensions header count total shift
  raw=$target.part
  gzip -dcf "$source" >"$raw"
  dimensions=$(head -c 4 "$raw" | od -An -tu1 | awk '{print $4}')
  header=$((4 + 4 * dimensions))
  count=$(head -c 8 "$raw" | tail -c 4 | od -An -tu1 | awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4}')
  total=$((count * times))
  {
    head -c 4 "$raw"
    for shift in 24 16 8 0; do
      printf "\\$(printf %03o $(((total >> shift) & 255)))"
    done
    head -c "$header" "$raw" | tail -c +9
    for ((i = 0; i < times; i++)); do tail -c +$((header + 1)) "$raw"; done
  } >"$target.tmp"
  rm "$raw"
  mv "$target.tmp" "$target"
}
