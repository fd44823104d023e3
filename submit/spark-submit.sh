#!/usr/bin/env bash
# spark-submit, wherever Spark is: the user's installation ($SPARK_HOME/bin/spark-submit), or else
# the Spark runtime resolved from Maven Central (submit/spark-runtime/target/spark-home), built here
# when it is missing or older than its pom. In the second case this does what Spark's bin/spark-class does:
# Spark's own launcher builds the java command line (with the JVM options Spark needs on Java 17),
# and that command is run.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"

if [[ -n ${SPARK_HOME:-} && -x $SPARK_HOME/bin/spark-submit ]]; then
  exec "$SPARK_HOME/bin/spark-submit" "$@"
fi

if [[ -z ${SPARK_HOME:-} ]]; then
  SPARK_HOME=$(built spark-runtime)
elif [[ ! -d $SPARK_HOME/jars ]]; then
  echo "error: SPARK_HOME=$SPARK_HOME is no Spark 3.5 installation: it has neither bin/spark-submit nor jars/" >&2
  exit 2
fi
export SPARK_HOME
export SPARK_SCALA_VERSION=2.12
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

# Spark's launcher prints messages line by line, then a line holding a NUL, then the command as
# NUL-separated arguments; spark-class reads it the same way, and so does this
launch() {
  "$java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@"
  printf '%d\0' $?
}
command=()
delimiter=$'\n'
in_command=false
while IFS= read -d "$delimiter" -r arg; do
  if $in_command; then
    command+=("$arg")
  elif [[ -z $arg ]]; then
    delimiter=''
    in_command=true
  else
    echo "$arg"
  fi
done < <(launch "$@")

status=${command[-1]:-1}
unset 'command[-1]'
if [[ $status != 0 || ${#command[@]} -eq 0 ]]; then
  exit "$status"
fi
exec "${command[@]}"
