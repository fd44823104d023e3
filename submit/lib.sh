# Shared by the submit/ wrappers and the scripts a user runs: the class every job runs from, where
# the job jar is, building what is missing, and the settings every submission passes. Sourced with
# $project set to the project root.

# The command line of every job, spark-digits JOB [OPTIONS...]: the job is its first argument, and
# it knows the jobs (its --help lists them; an unknown one is a usage error, exit status 2).
readonly MAIN_CLASS=io.sparkdigits.jobs.SparkDigits

# $1: the wrapper; $2: its own options, if any, before the job
usage_and_exit() {
  echo "usage: $1 ${2:-}JOB [OPTIONS...]   ($1 --help lists the jobs; each job has --help)" >&2
  exit 2
}

# The shaded job jar, built when it is missing or older than its sources; SPARK_DIGITS_JAR overrides
# where it is (for Kubernetes, a local:// URI), and is never built.
job_jar() {
  if [[ -z ${SPARK_DIGITS_JAR:-} ]]; then
    built jobs
  elif [[ $SPARK_DIGITS_JAR != *://* && ! -f $SPARK_DIGITS_JAR ]]; then
    echo "error: SPARK_DIGITS_JAR=$SPARK_DIGITS_JAR: no such file" >&2
    return 2
  else
    echo "$SPARK_DIGITS_JAR"
  fi
}

# built WHAT: builds WHAT when it is missing or older than anything it is made from, and prints its
# path. WHAT is one of
#   jobs           the shaded job jar
#   serve          the server's jar (its dependencies beside it, in serve/target/lib)
#   spark-runtime  a Spark 3.5 home resolved from Maven Central, for machines without Spark
#   dev-hadoop     the HDFS and YARN jars of the development cluster (scripts/dev-cluster.sh)
# Maven writes to stderr, so that what a caller prints stays its own. A host with the build but no
# Maven (a scheduler's, say) runs what it has, with a warning when the sources are newer.
built() {
  local what=$1 name path sources build reason
  case "$what" in
    jobs)
      name="the job jar"
      sources=(core/pom.xml core/src/main spark/pom.xml spark/src/main jobs/pom.xml jobs/src/main conf/pipeline.properties)
      build=(-DskipTests -pl jobs -am package) ;;
    serve)
      name="the server"
      sources=(core/pom.xml core/src/main serve/pom.xml serve/src/main conf/pipeline.properties)
      build=(-DskipTests -pl serve -am package) ;;
    # copy-dependencies adds to what is there: a runtime is built afresh, so that no jar of an
    # older version stays beside its successor
    spark-runtime)
      name="the Spark runtime from Maven Central"
      sources=(submit/spark-runtime/pom.xml)
      build=(-f submit/spark-runtime/pom.xml clean package) ;;
    dev-hadoop)
      name="Hadoop from Maven Central"
      sources=(scripts/dev-cluster/pom.xml)
      build=(-f scripts/dev-cluster/pom.xml clean package) ;;
    *) echo "error: built: no such thing to build: $what" >&2; return 2 ;;
  esac
  # the parent pom holds every version
  sources+=(pom.xml)
  path=$(built_path "$what")
  if [[ ! -e $path ]]; then
    reason="it is missing"
  else
    reason=$(cd "$project" && find "${sources[@]}" -newer "$path" -type f -print -quit)
    [[ -z $reason ]] || reason="$reason is newer"
  fi
  if [[ -n $reason ]]; then
    if ! command -v mvn >/dev/null; then
      if [[ ! -e $path ]]; then
        echo "error: $name is missing, and there is no mvn on the PATH to build it" >&2
        return 2
      fi
      echo "warning: $name is older than its sources ($reason), and there is no mvn on the PATH to build it" >&2
    else
      echo "Building $name ($reason)..." >&2
      # Maven 3.8 writes colour resets even in batch mode: without them a log reads as text
      (cd "$project" && mvn -B -q "${build[@]}" 2>&1 | sed $'s/\e\\[0m//g' >&2) || return
      path=$(built_path "$what")
      # a build that had nothing to do leaves the old timestamp: mark it as up to date
      touch "$path"
    fi
  fi
  echo "$path"
}

# Where built puts WHAT, whether it is there or not.
built_path() {
  case "$1" in
    jobs) echo "$project/jobs/target/spark-digits-jobs.jar" ;;
    # named with the project's version: the newest, after a change of version
    serve) ls -t "$project"/serve/target/spark-digits-serve-*.jar 2>/dev/null | head -1 || true ;;
    spark-runtime) echo "$project/submit/spark-runtime/target/spark-home" ;;
    dev-hadoop) echo "$project/scripts/dev-cluster/target/hadoop/jars" ;;
  esac
}

# A size as Spark writes it (512m, 4g, 4096M, or a number of bytes) in MiB.
mib() {
  local size=${1,,}
  case "$size" in
    *t) echo $(( ${size%t} * 1024 * 1024 )) ;;
    *g) echo $(( ${size%g} * 1024 )) ;;
    *m) echo $(( ${size%m} )) ;;
    *k) echo $(( ${size%k} / 1024 )) ;;
    *[!0-9]*|"") echo "error: not a size: $1 (write it as 512m or 4g)" >&2; return 2 ;;
    *) echo $(( size / 1024 / 1024 )) ;;
  esac
}

# Room a JVM needs outside both its heap and ND4J's arrays: metaspace, thread stacks, code cache,
# Netty's buffers and ND4J's own native libraries, in MiB.
readonly JVM_NATIVE_MIB=768

# The memory options of one kind of JVM, $1 driver or executor, from its heap $2 and ND4J's
# off-heap budget $3, into the array memory_args and the string javacpp_limits. ND4J keeps every
# array (cached minibatches, the network and its updater state, activations) outside the Java
# heap, where Spark does not see it: a YARN or Kubernetes container sized to the heap plus Spark's
# default overhead (10%, at least 384m) is killed from outside with no word in the log. So the
# container's overhead is the budget plus the JVM's own native memory, and JavaCPP, which checks
# the process's resident memory at every array ND4J allocates, throws OutOfMemoryError past heap +
# budget + half the JVM's own (maxphysicalbytes), under the container's limit. maxbytes bounds
# only JavaCPP's own pointers: ND4J 1.0.0-M2.1 allocates the arrays' data where it does not count.
memory_args_for() {
  local kind=$1 heap offheap
  heap=$(mib "$2") && offheap=$(mib "$3") || exit 2
  memory_args=("--$kind-memory" "${heap}m" --conf "spark.$kind.memoryOverhead=$(( offheap + JVM_NATIVE_MIB ))m")
  javacpp_limits="-Dorg.bytedeco.javacpp.maxbytes=${offheap}m"
  javacpp_limits+=" -Dorg.bytedeco.javacpp.maxphysicalbytes=$(( heap + offheap + JVM_NATIVE_MIB / 2 ))m"
}

# Sets the array common_args to what every submission passes: the project's Spark defaults, the
# JVM options of Spark on Java 17 for the driver, memory (heap and ND4J's off-heap budget, see
# memory_args_for), and where ND4J unpacks its native libraries on every host (once per host,
# not once per executor). $1 and $2, when given, are the log4j2.properties the driver and the
# executors read, as paths where they run; without them they log as the cluster's own
# configuration says.
set_common_args() {
  local module_options javacpp_cache jvm_options driver_options executor_options driver_memory
  module_options=$(sed -n 's/^java17.module.options=//p' "$project/conf/jvm.properties")
  javacpp_cache=${JAVACPP_CACHE_DIR:-/tmp/javacpp-cache-${USER:-spark}}
  # DL4J times the phases of training (logged at DEBUG) by an NTP server unless told otherwise
  jvm_options="-Dorg.bytedeco.javacpp.cachedir=$javacpp_cache"
  jvm_options+=" -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource"
  # ND4J frees an array's native memory only once the garbage collector finds its Java object dead:
  # those that reach G1's old generation wait for a marking cycle, which by G1's adaptive default
  # comes late, and their memory grows with the epoch (docs/scaling.md). Marking at a quarter of
  # the heap finds them sooner
  jvm_options+=" -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=25"
  memory_args_for driver "${DRIVER_MEMORY:-4g}" "${DRIVER_OFFHEAP:-2g}"
  driver_memory=("${memory_args[@]}")
  driver_options="$module_options $jvm_options $javacpp_limits"
  memory_args_for executor "${EXECUTOR_MEMORY:-3g}" "${EXECUTOR_OFFHEAP:-2g}"
  executor_options="$jvm_options $javacpp_limits"
  [[ -z ${1:-} ]] || driver_options+=" -Dlog4j2.configurationFile=$1"
  [[ -z ${2:-} ]] || executor_options+=" -Dlog4j2.configurationFile=$2"
  common_args=(
    --properties-file "$project/conf/spark-defaults.conf"
    "${driver_memory[@]}"
    "${memory_args[@]}"
    --driver-java-options "$driver_options"
    --conf "spark.executor.extraJavaOptions=$executor_options"
  )
}
