#!/usr/bin/env bash
# A real Spark standalone cluster and a real HDFS on this machine, for development and the
# cluster integration test: one Master and two Workers (each its own JVM), a NameNode and a
# DataNode, all bound to 127.0.0.1, from jars resolved through Maven (no tarball download).
#
#   scripts/dev-cluster.sh start     start everything (idempotent) and print the URLs
#   scripts/dev-cluster.sh status    what is running
#   scripts/dev-cluster.sh stop      stop everything, executors included
#   scripts/dev-cluster.sh fs ARGS   a Hadoop FsShell on the cluster's HDFS (fs -put, -ls, -cat, ...)
#   scripts/dev-cluster.sh env       the settings to submit to it: eval "$(scripts/dev-cluster.sh env)"
#
# State (configuration, logs, HDFS blocks, process ids) lives in $DEV_CLUSTER_DIR, by default
# target/dev-cluster in the project. Environment: DEV_CLUSTER_WORKER_MEMORY (default 4g),
# DEV_CLUSTER_START_TIMEOUT (default 180): the seconds start waits for every daemon to be ready
# before it names those that are not.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"
state=$(realpath -m "${DEV_CLUSTER_DIR:-$project/target/dev-cluster}")
spark_home=$(built_path spark-runtime)
hadoop_jars=$(built_path dev-hdfs)

host=127.0.0.1
master_url=spark://$host:7077
master_ui=http://$host:8080
hdfs_uri=hdfs://$host:9000
namenode_ui=http://$host:9870
workers=(worker1 worker2)
declare -A worker_ui=([worker1]=http://$host:8081 [worker2]=http://$host:8082)
daemons=(namenode datanode master "${workers[@]}")
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
module_options=$(sed -n 's/^java17.module.options=//p' "$project/conf/jvm.properties")

runtime() {
  built spark-runtime > /dev/null
  built dev-hdfs > /dev/null
}

write_hadoop_conf() {
  mkdir -p "$state/hadoop-conf" "$state/logs" "$state/pids"
  cat > "$state/hadoop-conf/core-site.xml" <<XML
<configuration>
  <property><name>fs.defaultFS</name><value>$hdfs_uri</value></property>
  <property><name>hadoop.tmp.dir</name><value>$state/hadoop-tmp</value></property>
</configuration>
XML
  cat > "$state/hadoop-conf/hdfs-site.xml" <<XML
<configuration>
  <property><name>dfs.replication</name><value>1</value></property>
  <property><name>dfs.namenode.name.dir</name><value>$state/hdfs/name</value></property>
  <property><name>dfs.datanode.data.dir</name><value>$state/hdfs/data</value></property>
  <property><name>dfs.namenode.rpc-bind-host</name><value>$host</value></property>
  <property><name>dfs.namenode.http-address</name><value>$host:9870</value></property>
  <property><name>dfs.datanode.address</name><value>$host:9866</value></property>
  <property><name>dfs.datanode.http.address</name><value>$host:9864</value></property>
  <property><name>dfs.datanode.ipc.address</name><value>$host:9867</value></property>
  <property><name>dfs.datanode.hostname</name><value>$host</value></property>
  <property><name>dfs.permissions.enabled</name><value>false</value></property>
  <property><name>dfs.namenode.safemode.extension</name><value>0</value></property>
  <!-- a client closing a file asks the NameNode again after this delay until the DataNode has
       reported the block; Hadoop's 400 ms made every small file (Parquet parts, a run's files)
       take about 300 ms to close on this one-DataNode cluster. Clients read it through
       HADOOP_CONF_DIR, which the Workers pass on to their executors. -->
  <property><name>dfs.client.block.write.locateFollowingBlock.initial.delay.ms</name><value>10</value></property>
</configuration>
XML
  cat > "$state/hadoop-conf/log4j.properties" <<PROPS
log4j.rootLogger=WARN, console
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=%d{yy/MM/dd HH:mm:ss} %p %c{2}: %m%n
log4j.logger.org.apache.hadoop.hdfs.server.namenode.NameNode=INFO
log4j.logger.org.apache.hadoop.hdfs.server.datanode.DataNode=INFO
PROPS
}

hadoop_java=("$java" -Xmx1g -Dhadoop.log.dir="$state/logs" -cp "$state/hadoop-conf:$hadoop_jars/*")

running() {
  local pid_file=$state/pids/$1.pid
  [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# start NAME COMMAND...: runs COMMAND in the background, logging to logs/NAME.log
launch() {
  local name=$1
  shift
  if running "$name"; then
    return
  fi
  setsid "$@" > "$state/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/pids/$name.pid"
}

# not_ready DAEMON: why DAEMON cannot serve yet, as its own web endpoint tells; nothing once it can
not_ready() {
  local json
  case "$1" in
    namenode | datanode)
      json=$(curl -fs "$namenode_ui/jmx?qry=Hadoop:service=NameNode,name=FSNamesystemState") \
        || { echo "the NameNode's web UI $namenode_ui does not answer"; return; }
      if [[ $1 == namenode ]]; then
        grep -q '"FSState" *: *"Operational"' <<< "$json" || echo "the NameNode is in safe mode"
      else
        grep -q '"NumLiveDataNodes" *: *[1-9]' <<< "$json" || echo "no DataNode is registered with the NameNode"
      fi ;;
    master)
      json=$(curl -fs "$master_ui/json/") || { echo "the Master's web UI $master_ui does not answer"; return; }
      grep -q '"status" *: *"ALIVE"' <<< "$json" || echo "the Master is not ALIVE" ;;
    *)
      # a Worker learns the Master's URL when the Master has registered it
      json=$(curl -fs "${worker_ui[$1]}/json/") || { echo "its web UI ${worker_ui[$1]} does not answer"; return; }
      grep -q '"masterurl" *: *"spark://' <<< "$json" || echo "not registered with the Master" ;;
  esac
}

# Waits until every daemon is ready, at most $1 seconds, then names each one that is not, with its
# log. A loaded machine starts them slowly; one that exits is reported at once.
await_ready() {
  local timeout=$1 name reason
  local -A late
  local deadline=$((SECONDS + timeout))
  while true; do
    late=()
    for name in "${daemons[@]}"; do
      if ! running "$name"; then
        echo "error: $name exited while starting: see $state/logs/$name.log" >&2
        return 1
      fi
      reason=$(not_ready "$name")
      [[ -z $reason ]] || late[$name]=$reason
    done
    (( ${#late[@]} > 0 )) || return 0
    (( SECONDS < deadline )) || break
    sleep 1
  done
  for name in "${daemons[@]}"; do
    [[ -z ${late[$name]:-} ]] || echo "error: $name not ready after $timeout s" \
      "(DEV_CLUSTER_START_TIMEOUT): ${late[$name]}: see $state/logs/$name.log" >&2
  done
  return 1
}

start() {
  local timeout=${DEV_CLUSTER_START_TIMEOUT:-180}
  if [[ ! $timeout =~ ^[1-9][0-9]*$ ]]; then
    echo "error: DEV_CLUSTER_START_TIMEOUT must be a whole number of seconds, not '$timeout'" >&2
    exit 2
  fi
  runtime
  write_hadoop_conf
  if [[ ! -d $state/hdfs/name/current ]]; then
    "${hadoop_java[@]}" org.apache.hadoop.hdfs.server.namenode.NameNode -format -nonInteractive \
      > "$state/logs/namenode-format.log" 2>&1
  fi
  launch namenode "${hadoop_java[@]}" org.apache.hadoop.hdfs.server.namenode.NameNode
  launch datanode "${hadoop_java[@]}" org.apache.hadoop.hdfs.server.datanode.DataNode

  export SPARK_HOME=$spark_home SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=$host
  export HADOOP_CONF_DIR=$state/hadoop-conf
  local spark_cp="$spark_home/jars/*"
  # shellcheck disable=SC2086 # the module options are separate words
  launch master "$java" -Xmx512m $module_options -cp "$spark_cp" \
    org.apache.spark.deploy.master.Master --host "$host" --port 7077 --webui-port 8080
  for worker in "${workers[@]}"; do
    mkdir -p "$state/work/$worker"
    # shellcheck disable=SC2086
    launch "$worker" "$java" -Xmx512m $module_options -cp "$spark_cp" \
      org.apache.spark.deploy.worker.Worker "$master_url" --host "$host" --cores 1 \
      --memory "${DEV_CLUSTER_WORKER_MEMORY:-4g}" --webui-port "${worker_ui[$worker]##*:}" --work-dir "$state/work/$worker"
  done

  if ! await_ready "$timeout"; then
    echo "The daemons still running are left as they are: $0 status shows them, $0 stop stops them." >&2
    exit 1
  fi
  status
}

status() {
  local name reason
  for name in "${daemons[@]}"; do
    if running "$name"; then
      reason=$(not_ready "$name")
      printf '  %-9s running, pid %s, %s\n' "$name" "$(cat "$state/pids/$name.pid")" "${reason:-ready}"
    else
      printf '  %-9s stopped\n' "$name"
    fi
  done
  cat <<TEXT
Spark master:  $master_url   (web UI $master_ui)
HDFS:          $hdfs_uri   (NameNode UI $namenode_ui)
Logs:          $state/logs
TEXT
}

stop() {
  local name pid
  for name in "${workers[@]}" master datanode namenode; do
    if running "$name"; then
      kill "$(cat "$state/pids/$name.pid")" 2>/dev/null || true
    fi
  done
  for name in "${workers[@]}" master datanode namenode; do
    [[ -f $state/pids/$name.pid ]] || continue
    pid=$(cat "$state/pids/$name.pid")
    for _ in $(seq 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/pids/$name.pid"
  done
  # executors and cluster-mode drivers of applications still running when their Worker went away
  for pid in $(work_dir_processes); do
    kill -9 "$pid" 2>/dev/null || true
  done
  echo "Development cluster stopped."
}

# The JVMs whose working directory lies in the Workers' work directories.
work_dir_processes() {
  local proc
  for proc in /proc/[0-9]*; do
    if [[ $(cat "$proc/comm" 2>/dev/null) == java && $(readlink "$proc/cwd" 2>/dev/null) == "$state/work/"* ]]; then
      echo "${proc#/proc/}"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  fs) shift; built dev-hdfs > /dev/null; write_hadoop_conf; "${hadoop_java[@]}" org.apache.hadoop.fs.FsShell "$@" ;;
  env) echo "export SPARK_MASTER=$master_url HADOOP_CONF_DIR=$state/hadoop-conf" ;;
  *) echo "usage: $0 start|stop|status|fs ARGS|env" >&2; exit 2 ;;
esac
