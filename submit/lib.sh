# Shared by the submit/ wrappers: which class runs a job, and where the job jar is.

# The main class of job $1.
job_class() {
  case "$1" in
    pipeline) echo io.sparkdigits.jobs.PipelineJob ;;
    ingest) echo io.sparkdigits.jobs.IngestJob ;;
    train) echo io.sparkdigits.jobs.TrainJob ;;
    evaluate) echo io.sparkdigits.jobs.EvaluateJob ;;
    publish) echo io.sparkdigits.jobs.PublishJob ;;
    *) return 1 ;;
  esac
}

usage_and_exit() {
  echo "usage: $1 pipeline|ingest|train|evaluate|publish [OPTIONS...]   (each job has --help)" >&2
  exit 2
}

# The shaded job jar; SPARK_DIGITS_JAR overrides where it is.
job_jar() {
  local jar=${SPARK_DIGITS_JAR:-$project/jobs/target/spark-digits-jobs.jar}
  if [[ ! -f $jar ]]; then
    echo "error: no job jar at $jar: build it with mvn -B -DskipTests package" >&2
    exit 2
  fi
  echo "$jar"
}
