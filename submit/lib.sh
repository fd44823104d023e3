# Shared by the submit/ wrappers: which class runs a job, where the job jar is, and the settings
# every submission passes. Sourced with $project set to the project root.

# The main class of job $1.
job_class() {
  case "$1" in
    pipeline) echo io.sparkdigits.jobs.PipelineJob ;;
    ingest) echo io.sparkdigits.jobs.IngestJob ;;
    train) echo io.sparkdigits.jobs.TrainJob ;;
    evaluate) echo io.sparkdigits.jobs.EvaluateJob ;;
    publish) echo io.sparkdigits.jobs.PublishJob ;;
    predict) echo io.sparkdigits.jobs.PredictJob ;;
    retrain) echo io.sparkdigits.jobs.RetrainJob ;;
    models) echo io.sparkdigits.jobs.ModelsJob ;;
    *) return 1 ;;
  esac
}

usage_and_exit() {
  echo "usage: $1 ${2:-}pipeline|ingest|train|evaluate|publish|predict|retrain|models [OPTIONS...]   (each job has --help)" >&2
  exit 2
}

# The shaded job jar; SPARK_DIGITS_JAR overrides where it is (for Kubernetes, a local:// URI).
job_jar() {
  local jar=${SPARK_DIGITS_JAR:-$project/jobs/target/spark-digits-jobs.jar}
  if [[ $jar != *://* && ! -f $jar ]]; then
    echo "error: no job jar at $jar: build it with mvn -B -DskipTests package" >&2
    exit 2
  fi
  echo "$jar"
}

# Sets the array common_args to what every submission passes: the project's Spark defaults, the
# JVM options of Spark on Java 17 for the driver, memory, and where ND4J unpacks its native
# libraries on every host (once per host, not once per executor). $1 and $2, when given, are the
# log4j2.properties the driver and the executors read, as paths where they run; without them they
# log as the cluster's own configuration says.
set_common_args() {
  local module_options javacpp_cache jvm_options driver_options executor_options
  module_options=$(sed -n 's/^java17.module.options=//p' "$project/conf/jvm.properties")
  javacpp_cache=${JAVACPP_CACHE_DIR:-/tmp/javacpp-cache-${USER:-spark}}
  # DL4J times the phases of training (logged at DEBUG) by an NTP server unless told otherwise
  jvm_options="-Dorg.bytedeco.javacpp.cachedir=$javacpp_cache"
  jvm_options+=" -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource"
  driver_options="$module_options $jvm_options"
  executor_options="$jvm_options"
  [[ -z ${1:-} ]] || driver_options+=" -Dlog4j2.configurationFile=$1"
  [[ -z ${2:-} ]] || executor_options+=" -Dlog4j2.configurationFile=$2"
  common_args=(
    --properties-file "$project/conf/spark-defaults.conf"
    --driver-memory "${DRIVER_MEMORY:-4g}"
    --executor-memory "${EXECUTOR_MEMORY:-3g}"
    --driver-java-options "$driver_options"
    --conf "spark.executor.extraJavaOptions=$executor_options"
  )
}
