"""spark-digits: retrain the digit model every night, promoting the challenger only when it beats
the champion.

Needs Airflow 2 with apache-airflow-providers-apache-spark, this project checked out (job jar
built) at SPARK_DIGITS on the workers, and a Spark connection SPARK_CONN_ID whose host is the
master (yarn, spark://HOST:7077 or k8s://https://HOST:PORT) and whose extra may set the deploy
mode, e.g. {"deploy-mode": "cluster"}.

The retrain task runs with --exit-status success: the operator fails a task on any non-zero
status, and in cluster mode YARN would start a second application attempt, so "champion kept" and
"skipped" must exit 0. The outcome is in the task's log and in the registry (scripts/models.sh
list). A real failure retries: the retry continues the interrupted run from its last checkpoint.
The champion task pushes the champion's run directory to XCom for whatever serves the model.
"""
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SPARK_DIGITS = "/opt/spark-digits"
SPARK_CONN_ID = "spark_digits"
INBOX = "hdfs:///landing/mnist"
STORAGE = "hdfs:///digits"
MODEL = "digits"


def java17_options() -> str:
    """The JVM options Spark 3.5 needs on Java 17, from the project's conf/jvm.properties."""
    for line in Path(SPARK_DIGITS, "conf", "jvm.properties").read_text().splitlines():
        if line.startswith("java17.module.options="):
            return line.split("=", 1)[1].strip()
    raise ValueError("conf/jvm.properties has no java17.module.options")


# what submit/lib.sh passes to every submission: ND4J's native library cache once per host, and
# DL4J's phase timings by the system clock rather than an NTP server
JVM_OPTIONS = (
    "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp-cache-spark"
    " -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource"
    # G1 marks at a quarter of the heap, so that ND4J's dead arrays free their memory (docs/scaling.md)
    " -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=25"
)


def memory(heap_mib: int, offheap_mib: int) -> tuple[str, str]:
    """ND4J's limits and Spark's overhead for a JVM of this heap, as submit/lib.sh sets them: ND4J's
    arrays live outside the heap, so the container's overhead holds their budget plus the JVM's own
    native memory (768 MiB), and JavaCPP throws OutOfMemoryError a little under the container's limit
    instead of the container being killed without a word (docs/cluster.md: "Memory")."""
    limits = (f"-Dorg.bytedeco.javacpp.maxbytes={offheap_mib}m"
              f" -Dorg.bytedeco.javacpp.maxphysicalbytes={heap_mib + offheap_mib + 384}m")
    return limits, f"{offheap_mib + 768}m"


DRIVER_LIMITS, DRIVER_OVERHEAD = memory(4096, 2048)
EXECUTOR_LIMITS, EXECUTOR_OVERHEAD = memory(3072, 2048)

with DAG(
    dag_id="spark_digits_retrain",
    schedule="30 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,  # the registry's lock would refuse a second one anyway
    default_args={"owner": "ml-platform", "retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["spark-digits"],
) as dag:
    retrain = SparkSubmitOperator(
        task_id="retrain",
        conn_id=SPARK_CONN_ID,
        name="spark-digits-retrain",
        application=f"{SPARK_DIGITS}/jobs/target/spark-digits-jobs.jar",
        java_class="io.sparkdigits.jobs.SparkDigits",
        properties_file=f"{SPARK_DIGITS}/conf/spark-defaults.conf",
        conf={
            "spark.driver.extraJavaOptions": f"{java17_options()} {JVM_OPTIONS} {DRIVER_LIMITS}",
            "spark.executor.extraJavaOptions": f"{JVM_OPTIONS} {EXECUTOR_LIMITS}",
            "spark.driver.memoryOverhead": DRIVER_OVERHEAD,
            "spark.executor.memoryOverhead": EXECUTOR_OVERHEAD,
        },
        driver_memory="4g",
        executor_memory="3g",
        executor_cores=1,
        application_args=[
            "retrain",
            "--inbox", INBOX,
            "--out", STORAGE,
            "--model", MODEL,
            "--exit-status", "success",
            "--lock-wait", "3600",
        ],
    )

    champion = BashOperator(
        task_id="champion",
        bash_command=f"{SPARK_DIGITS}/scripts/models.sh champion --out {STORAGE} --model {MODEL} 2>/dev/null",
        do_xcom_push=True,
    )

    retrain >> champion
