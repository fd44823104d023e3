#!/usr/bin/env bash
# The model registry for a person: list a model's runs with their test accuracy and retraining
# decision, print the champion's run directory, or roll the champion back to an earlier run.
#
#   scripts/models.sh list     [--out URI] [--model NAME]
#   scripts/models.sh champion [--out URI] [--model NAME]
#   scripts/models.sh rollback RUN_ID [--reason TEXT] [--out URI] [--model NAME]
#
# No Spark job runs: this only reads and writes the registry's files, on any Hadoop filesystem
# (HADOOP_CONF_DIR says where HDFS is). submit/local.sh builds what is missing, as for every job.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
exec "$project/submit/local.sh" models "$@"
