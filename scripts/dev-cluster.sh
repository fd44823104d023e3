#!/usr/bin/env bash
# A real Spark cluster and a real HDFS on this machine, for development and the cluster
# integration tests: a NameNode and a DataNode, and either a Spark standalone Master and two
# Workers or YARN's ResourceManager and one NodeManager, each its own JVM, all bound to 127.0.0.1,
# from jars resolved through Maven (no tarball download).
#
#   scripts/dev-cluster.sh start [--yarn]  start HDFS and the standalone cluster, or with --yarn
#                                          HDFS and YARN (idempotent), and print the URLs
#   scripts/dev-cluster.sh status          what is running
#   scripts/dev-cluster.sh stop            stop everything, executors and YARN's containers included
#   scripts/dev-cluster.sh fs ARGS         a Hadoop FsShell on the cluster's HDFS (fs -put, -ls, -cat, ...)
#   scripts/dev-cluster.sh yarn ARGS       YARN's command line: yarn logs -applicationId ID,
#                                          yarn application -list, yarn node -list ...
#   scripts/dev-cluster.sh executors       the process ids of the executor JVMs running on it
#   scripts/dev-cluster.sh env             the settings to submit to it: eval "$(scripts/dev-cluster.sh env)"
#
# State (configuration, logs, HDFS blocks, YARN's containers, process ids) lives in
# $DEV_CLUSTER_DIR, by default target/dev-cluster in the project. Environment:
# DEV_CLUSTER_WORKER_MEMORY (default 4g), DEV_CLUSTER_NODEMANAGER_MEMORY (default 20g: what YARN
# may give containers), DEV_CLUSTER_START_TIMEOUT (default 180): the seconds start waits for every
# daemon to be ready before it names those that are not.
set -euo pipefail

project=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$project/submit/lib.sh"
state=$(realpath -m "${DEV_CLUSTER_DIR:-$project/target/dev-cluster}")
spark_home=$(built_path spark-runtime)
hadoop_jars=$(built_path dev-hadoop)

host=127.0.0.1
master_url=spark://$host:7077
master_ui=http://$host:8080
hdfs_uri=hdfs://$host:9000
namenode_ui=http://$host:9870
resourcemanager_ui=http://$host:8088
workers=(worker1 worker2)
declare -A worker_ui=([worker1]=http://$host:8081 [worker2]=http://$host:8082)
hdfs_daemons=(namenode datanode)
standalone_daemons=(master "${workers[@]}")
yarn_daemons=(resourcemanager nodemanager)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
module_options=$(sed -n 's/^java17.module.options=//p' "$project/conf/jvm.properties")

runtime() {
  built spark-runtime > /dev/null
  built dev-hadoop > /dev/null
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
  local nodemanager_mib
  nodemanager_mib=$(mib "${DEV_CLUSTER_NODEMANAGER_MEMORY:-20g}") || exit 2
  cat > "$state/hadoop-conf/yarn-site.xml" <<XML
<configuration>
  <property><name>yarn.resourcemanager.hostname</name><value>$host</value></property>
  <property><name>yarn.resourcemanager.webapp.address</name><value>${resourcemanager_ui#http://}</value></property>
  <property><name>yarn.nodemanager.hostname</name><value>$host</value></property>
  <property><name>yarn.nodemanager.address</name><value>$host:8041</value></property>
  <property><name>yarn.nodemanager.local-dirs</name><value>$state/yarn/local</value></property>
  <property><name>yarn.nodemanager.log-dirs</name><value>$state/yarn/logs</value></property>
  <!-- Containers take their memory from what the submit wrappers ask for (heap + off-heap
       budget + the JVM's own, docs/cluster.md): a cluster-mode driver (6,912 MiB) and two
       executors (5,888 MiB each) fit in the default 20g, beside the daemons, on this 24 GiB
       machine; what they use is well below what they reserve. -->
  <property><name>yarn.nodemanager.resource.memory-mb</name><value>$nodemanager_mib</value></property>
  <property><name>yarn.scheduler.maximum-allocation-mb</name><value>$nodemanager_mib</value></property>
  <property><name>yarn.scheduler.minimum-allocation-mb</name><value>256</value></property>
  <!-- The machine has 2 cores; the ApplicationMaster and two 1-core executors need 3 vcores. The
       capacity scheduler's default calculator counts memory only, and 4 vcores let a driver and
       two executors run whichever calculator is configured. -->
  <property><name>yarn.nodemanager.resource.cpu-vcores</name><value>4</value></property>
  <property><name>yarn.nodemanager.resource.detect-hardware-capabilities</name><value>false</value></property>
  <!-- The NodeManager checks a container's resident memory against its size (the physical
       check), as on a production cluster. Not its virtual memory: a JVM with ND4J reserves many times what
       it uses (thread stacks, malloc arenas, mapped libraries). -->
  <property><name>yarn.nodemanager.pmem-check-enabled</name><value>true</value></property>
  <property><name>yarn.nodemanager.vmem-check-enabled</name><value>false</value></property>
  <!-- the containers' logs go to HDFS when an application ends, where yarn logs reads them -->
  <property><name>yarn.log-aggregation-enable</name><value>true</value></property>
  <property><name>yarn.nodemanager.remote-app-log-dir</name><value>/tmp/logs</value></property>
  <!-- every container binds to loopback, as the standalone Workers' executors do: SPARK_LOCAL_IP
       from the NodeManager's environment, beside YARN's own defaults -->
  <property><name>yarn.nodemanager.env-whitelist</name><value>JAVA_HOME,HADOOP_COMMON_HOME,HADOOP_HDFS_HOME,HADOOP_CONF_DIR,CLASSPATH_PREPEND_DISTCACHE,HADOOP_YARN_HOME,HADOOP_HOME,PATH,LANG,TZ,SPARK_LOCAL_IP</value></property>
  <!-- YARN marks a node whose disk is over 90% full unhealthy and runs nothing there: on a
       development machine that is only a full disk -->
  <property><name>yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage</name><value>99</value></property>
</configuration>
XML
  cat > "$state/hadoop-conf/capacity-scheduler.xml" <<XML
<configuration>
  <property><name>yarn.scheduler.capacity.root.queues</name><value>default</value></property>
  <property><name>yarn.scheduler.capacity.root.default.capacity</name><value>100</value></property>
  <!-- a cluster-mode driver runs in the ApplicationMaster's container: the default 10% of the
       cluster for ApplicationMasters would leave it waiting for ever -->
  <property><name>yarn.scheduler.capacity.maximum-am-resource-percent</name><value>0.5</value></property>
</configuration>
XML
  cat > "$state/hadoop-conf/log4j.properties" <<PROPS
log4j.rootLogger=WARN, console
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=%d{yy/MM/dd HH:mm:ss} %p %c{2}: %m%n
log4j.logger.org.apache.hadoop.hdfs.server.namenode.NameNode=INFO
log4j.logger.org.apache.hadoop.hdfs.server.datanode.DataNode=INFO
log4j.logger.org.apache.hadoop.yarn.server.resourcemanager.ResourceManager=INFO
log4j.logger.org.apache.hadoop.yarn.server.resourcemanager.RMAppManager\$ApplicationSummary=INFO
log4j.logger.org.apache.hadoop.yarn.server.nodemanager.NodeManager=INFO
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
    resourcemanager)
      json=$(curl -fs "$resourcemanager_ui/ws/v1/cluster/info") \
        || { echo "the ResourceManager's web UI $resourcemanager_ui does not answer"; return; }
      grep -q '"state" *: *"STARTED"' <<< "$json" || echo "the ResourceManager has not started" ;;
    nodemanager)
      json=$(curl -fs "$resourcemanager_ui/ws/v1/cluster/metrics") \
        || { echo "the ResourceManager's web UI $resourcemanager_ui does not answer"; return; }
      grep -q '"activeNodes" *: *[1-9]' <<< "$json" || echo "not registered with the ResourceManager" ;;
    master)
      json=$(curl -fs "$master_ui/json/") || { echo "the Master's web UI $master_ui does not answer"; return; }
      grep -q '"status" *: *"ALIVE"' <<< "$json" || echo "the Master is not ALIVE" ;;
    *)
      # a Worker learns the Master's URL when the Master has registered it
      json=$(curl -fs "${worker_ui[$1]}/json/") || { echo "its web UI ${worker_ui[$1]} does not answer"; return; }
      grep -q '"masterurl" *: *"spark://' <<< "$json" || echo "not registered with the Master" ;;
  esac
}

# Waits until every daemon named after $1 is ready, at most $1 seconds, then names each one that
# is not, with its log. A loaded machine starts them slowly; one that exits is reported at once.
await_ready() {
  local timeout=$1 name reason
  shift
  local daemons=("$@")
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
  local timeout=${DEV_CLUSTER_START_TIMEOUT:-180} manager=standalone
  case "${1:-}" in
    "") ;;
    --yarn) manager=yarn ;;
    *) echo "error: start takes --yarn or nothing, not '$1'" >&2; exit 2 ;;
  esac
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

  if [[ $manager == yarn ]]; then
    start_yarn
  else
    start_standalone
  fi

  local -n manager_daemons=${manager}_daemons
  if ! await_ready "$timeout" "${hdfs_daemons[@]}" "${manager_daemons[@]}"; then
    echo "The daemons still running are left as they are: $0 status shows them, $0 stop stops them." >&2
    exit 1
  fi
  status
}

start_yarn() {
  mkdir -p "$state/yarn/local" "$state/yarn/logs"
  # the web applications of YARN 3.3 (Guice 4's generated classes) need java.lang opened on Java
  # 17: the Java 17 options Spark takes open it and the rest Hadoop's daemons reach into
  local yarn_java=("${hadoop_java[0]}" $module_options "${hadoop_java[@]:1}")
  launch resourcemanager "${yarn_java[@]}" org.apache.hadoop.yarn.server.resourcemanager.ResourceManager
  # containers run {{JAVA_HOME}}/bin/java, from the NodeManager's environment
  JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")} SPARK_LOCAL_IP=$host \
    launch nodemanager "${yarn_java[@]}" org.apache.hadoop.yarn.server.nodemanager.NodeManager
}

start_standalone() {
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
}

status() {
  local name reason
  for name in "${hdfs_daemons[@]}" "${standalone_daemons[@]}" "${yarn_daemons[@]}"; do
    if running "$name"; then
      reason=$(not_ready "$name")
      printf '  %-15s running, pid %s, %s\n' "$name" "$(cat "$state/pids/$name.pid")" "${reason:-ready}"
    else
      printf '  %-15s stopped\n' "$name"
    fi
  done
  cat <<TEXT
Spark master:  $master_url   (web UI $master_ui)
YARN:          ResourceManager web UI $resourcemanager_ui
HDFS:          $hdfs_uri   (NameNode UI $namenode_ui)
Logs:          $state/logs
TEXT
}

stop() {
  local name pid
  # the NodeManager first: stopping, it stops its containers
  local daemons=(nodemanager resourcemanager "${workers[@]}" master datanode namenode)
  for name in "${daemons[@]}"; do
    if running "$name"; then
      kill "$(cat "$state/pids/$name.pid")" 2>/dev/null || true
    fi
  done
  for name in "${daemons[@]}"; do
    [[ -f $state/pids/$name.pid ]] || continue
    pid=$(cat "$state/pids/$name.pid")
    for _ in $(seq 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$state/pids/$name.pid"
  done
  # executors and cluster-mode drivers of applications still running when their Worker or
  # NodeManager went away
  for pid in $(work_dir_processes); do
    kill -9 "$pid" 2>/dev/null || true
  done
  echo "Development cluster stopped."
}

# The processes whose working directory lies in the Workers' work directories or in YARN's
# containers' (the JVMs and the shells that YARN starts them from).
work_dir_processes() {
  local proc cwd
  for proc in /proc/[0-9]*; do
    cwd=$(readlink "$proc/cwd" 2>/dev/null) || continue
    if [[ $cwd == "$state/work/"* || $cwd == "$state/yarn/local/"* ]]; then
      echo "${proc#/proc/}"
    fi
  done
}

# The executor JVMs among them (Spark's CoarseGrainedExecutorBackend, YARN's subclass of it), not
# the shells that YARN starts them from.
executors() {
  local pid
  for pid in $(work_dir_processes); do
    if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == java ]] \
      && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q CoarseGrainedExecutorBackend; then
      echo "$pid"
    fi
  done
}

# YARN's command line (the yarn script of a Hadoop installation): its commands that ask the
# ResourceManager or read the applications' logs.
yarn_cli() {
  local command=${1:-} class
  case "$command" in
    application | applicationattempt | container) class=org.apache.hadoop.yarn.client.cli.ApplicationCLI ;;
    logs) class=org.apache.hadoop.yarn.client.cli.LogsCLI; shift ;;
    node) class=org.apache.hadoop.yarn.client.cli.NodeCLI; shift ;;
    *) echo "usage: $0 yarn application|applicationattempt|container|logs|node ARGS" >&2; exit 2 ;;
  esac
  "${hadoop_java[@]}" "$class" "$@"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  fs) shift; built dev-hadoop > /dev/null; write_hadoop_conf; "${hadoop_java[@]}" org.apache.hadoop.fs.FsShell "$@" ;;
  yarn) shift; built dev-hadoop > /dev/null; write_hadoop_conf; yarn_cli "$@" ;;
  executors) executors ;;
  env) echo "export SPARK_MASTER=$master_url HADOOP_CONF_DIR=$state/hadoop-conf SPARK_LOCAL_IP=$host" ;;
  *) echo "usage: $0 start [--yarn]|stop|status|fs ARGS|yarn ARGS|executors|env" >&2; exit 2 ;;
esac
