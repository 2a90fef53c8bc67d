#!/usr/bin/env bash
# A real 3-node MariaDB Galera cluster on one machine, for trying openday on several database nodes.
#
#   scripts/galera.sh start|stop|status [--dir DIR] [--base-port N] [--galera-port N]
#
# Node i (0, 1, 2) listens for SQL on BASE+10i (default 3406, 3416, 3426) and for Galera on G+10i (default 4567, 4577,
# 4587), with incremental state transfer on G+10i+1 and rsync state transfer on G+10i+2. Each node has its own data
# directory, my.cnf (used with --defaults-file, so no system configuration is read), socket and log under DIR
# (default: <temp dir>/openday-galera-BASE). root@127.0.0.1 has an empty password: these are local test nodes.
#
# start   starts what is not running (the first node with --wsrep-new-cluster when none is), waits until every node
#         is Synced in a cluster of 3, prints the node URLs; exits 0 at once when the cluster already runs.
# stop    shuts the nodes down cleanly, last one first (so the first node may bootstrap the next start).
# status  prints each node's cluster size and state; exits 0 only when all three are Synced in a cluster of 3.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status [--dir DIR] [--base-port N] [--galera-port N]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
COMMAND=$1
shift
BASE_PORT=3406
GALERA_PORT=4567
DIR=
while [ $# -gt 0 ]; do
  case $1 in
    --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
    --base-port) BASE_PORT=${2:?--base-port needs a value}; shift 2 ;;
    --galera-port) GALERA_PORT=${2:?--galera-port needs a value}; shift 2 ;;
    *) usage ;;
  esac
done
[[ $BASE_PORT =~ ^[0-9]+$ && $GALERA_PORT =~ ^[0-9]+$ ]] || usage
DIR=${DIR:-${TMPDIR:-/tmp}/openday-galera-$BASE_PORT}
PROVIDER=/usr/lib/galera/libgalera_smm.so
NODES=(1 2 3)

sql_port() { echo $((BASE_PORT + 10 * ($1 - 1))); }
gcomm_port() { echo $((GALERA_PORT + 10 * ($1 - 1))); }
node_dir() { echo "$DIR/node$1"; }
socket() { echo "$(node_dir "$1")/mysqld.sock"; }

# The OS user the servers run as: mysql when started as root (rsync state transfer fails as root), else ourselves.
if [ "$(id -u)" -eq 0 ]; then RUN_AS=mysql; else RUN_AS=$(id -un); fi

# SQL over the node's socket as root@localhost (unix_socket authentication for the OS root, as mariadb-install-db sets it up).
node_sql() { mariadb --no-defaults --socket="$(socket "$1")" -uroot -N -B --connect-timeout=2 -e "$2" 2>/dev/null; }
node_status() { node_sql "$1" "SHOW STATUS LIKE '$2'" | awk '{print $2}'; }

node_pid() {
  local pidfile
  pidfile="$(node_dir "$1")/mysqld.pid"
  [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"
}
node_up() { node_pid "$1" >/dev/null && node_sql "$1" 'SELECT 1' >/dev/null; }
node_synced() { [ "$(node_status "$1" wsrep_local_state_comment)" = Synced ] && [ "$(node_status "$1" wsrep_cluster_size)" = 3 ]; }

ensure_packages() {
  local missing=()
  [ -e "$PROVIDER" ] || missing+=(galera-4)
  command -v rsync >/dev/null || missing+=(rsync)
  command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  [ ${#missing[@]} -eq 0 ] && return
  echo "galera: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

write_config() {
  local n=$1 d gport peers
  d=$(node_dir "$n")
  gport=$(gcomm_port "$n")
  peers="127.0.0.1:$(gcomm_port 1),127.0.0.1:$(gcomm_port 2),127.0.0.1:$(gcomm_port 3)"
  cat >"$d/my.cnf" <<EOF
# Galera test node $n of 3 (written by scripts/galera.sh; rewritten at every start).
[mysqld]
user=$RUN_AS
datadir=$d/data
socket=$d/mysqld.sock
pid-file=$d/mysqld.pid
log-error=$d/error.log
port=$(sql_port "$n")
bind-address=127.0.0.1
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
max_connections=300
# Small footprint: three nodes share one machine. Durability comes from the other nodes, hence flush at 2.
innodb_buffer_pool_size=96M
innodb_log_file_size=48M
innodb_flush_log_at_trx_commit=2

binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2

wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=openday_test
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$gport
wsrep_node_incoming_address=127.0.0.1:$(sql_port "$n")
wsrep_cluster_address=gcomm://$peers
wsrep_provider_options="base_port=$gport;gmcast.listen_addr=tcp://127.0.0.1:$gport;ist.recv_addr=127.0.0.1:$((gport + 1));gcache.size=64M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$((gport + 2))
# A read waits until this node has applied what other nodes committed before it: a booking made through one node
# is found at once through another (the family's confirmation page may be served by the other instance).
wsrep_sync_wait=1
EOF
  chmod 0644 "$d/my.cnf"
}

prepare_node() {
  local n=$1 d
  d=$(node_dir "$n")
  mkdir -p "$d"
  write_config "$n"
  if [ ! -d "$d/data/mysql" ]; then
    mkdir -p "$d/data"
    [ "$RUN_AS" = "$(id -un)" ] || chown -R "$RUN_AS:" "$d"
    mariadb-install-db --no-defaults --user="$RUN_AS" --datadir="$d/data" --auth-root-authentication-method=socket \
      --skip-test-db >"$d/install.log" 2>&1 || {
      cat "$d/install.log" >&2
      exit 1
    }
  fi
  [ "$RUN_AS" = "$(id -un)" ] || chown -R "$RUN_AS:" "$d"
}

# Refuses to start a node on a port that something else already holds.
check_ports_free() {
  local n=$1 port
  for port in "$(sql_port "$n")" "$(gcomm_port "$n")" "$(($(gcomm_port "$n") + 1))" "$(($(gcomm_port "$n") + 2))"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "galera: port $port is already in use; pick others with --base-port / --galera-port" >&2
      exit 1
    fi
  done
}

launch_node() {
  local n=$1 bootstrap=${2:-} d
  d=$(node_dir "$n")
  check_ports_free "$n"
  if [ -n "$bootstrap" ] && [ -f "$d/data/grastate.dat" ]; then
    # No node runs, so this one's state is the cluster's: let it bootstrap even after an unclean stop.
    sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$d/data/grastate.dat"
  fi
  echo "galera: starting node $n on port $(sql_port "$n")${bootstrap:+ (new cluster)}"
  # setsid: the server outlives this script and the shell that ran it.
  setsid mariadbd --defaults-file="$d/my.cnf" ${bootstrap:+--wsrep-new-cluster} >>"$d/stdout.log" 2>&1 </dev/null &
}

# Waits until node n answers and is Synced; with `size`, until it sees that many members.
wait_synced() {
  local n=$1 want_size=${2:-} state size
  for _ in $(seq 1 240); do
    state=$(node_status "$n" wsrep_local_state_comment || true)
    size=$(node_status "$n" wsrep_cluster_size || true)
    if [ "$state" = Synced ] && { [ -z "$want_size" ] || [ "$size" = "$want_size" ]; }; then return 0; fi
    if [ ! -S "$(socket "$n")" ] && ! pgrep -f -- "--defaults-file=$(node_dir "$n")/my.cnf" >/dev/null; then
      echo "galera: node $n exited; the end of its log:" >&2
      tail -n 30 "$(node_dir "$n")/error.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  echo "galera: node $n is not Synced after 120 s (state '${state:-}', size '${size:-}')" >&2
  tail -n 30 "$(node_dir "$n")/error.log" >&2 || true
  exit 1
}

print_urls() {
  for n in "${NODES[@]}"; do echo "mysql://root@127.0.0.1:$(sql_port "$n")/"; done
}

cmd_start() {
  local running=() n first
  for n in "${NODES[@]}"; do node_up "$n" && running+=("$n"); done
  if [ ${#running[@]} -eq 3 ] && node_synced 1 && node_synced 2 && node_synced 3; then
    echo "galera: already running (dir $DIR)"
    print_urls
    return 0
  fi
  ensure_packages
  mkdir -p "$DIR"
  chmod 0755 "$DIR"
  [ "$RUN_AS" = "$(id -un)" ] || chown "$RUN_AS:" "$DIR"
  if ! runuser -u "$RUN_AS" -- test -w "$DIR" 2>/dev/null && [ "$RUN_AS" != "$(id -un)" ]; then
    echo "galera: $RUN_AS cannot write to $DIR (a parent directory is closed to it); choose another --dir" >&2
    exit 1
  fi
  for n in "${NODES[@]}"; do node_up "$n" || prepare_node "$n"; done

  if [ ${#running[@]} -eq 0 ]; then
    launch_node 1 bootstrap
    wait_synced 1
    # Replicated to the others with the state transfer / as DDL.
    node_sql 1 "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
                GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" || {
      echo "galera: could not create root@127.0.0.1 on node 1" >&2
      exit 1
    }
    running=(1)
  fi
  first=${running[0]}
  for n in "${NODES[@]}"; do
    node_up "$n" && continue
    launch_node "$n"
    wait_synced "$n"
  done
  for n in "${NODES[@]}"; do wait_synced "$n" 3; done
  echo "galera: 3 nodes Synced (dir $DIR; first running node was $first)"
  print_urls
}

cmd_stop() {
  local n pid stopped=0
  for n in 3 2 1; do
    pid=$(node_pid "$n") || continue
    echo "galera: stopping node $n (pid $pid)"
    mariadb-admin --no-defaults --socket="$(socket "$n")" -uroot shutdown 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "galera: node $n did not stop in 60 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    stopped=$((stopped + 1))
  done
  [ $stopped -gt 0 ] || echo "galera: not running (dir $DIR)"
}

cmd_status() {
  local n all=0 size state
  for n in "${NODES[@]}"; do
    if node_up "$n"; then
      size=$(node_status "$n" wsrep_cluster_size)
      state=$(node_status "$n" wsrep_local_state_comment)
      echo "node $n  mysql://root@127.0.0.1:$(sql_port "$n")/  size=$size state=$state"
      [ "$size" = 3 ] && [ "$state" = Synced ] || all=1
    else
      echo "node $n  mysql://root@127.0.0.1:$(sql_port "$n")/  down"
      all=1
    fi
  done
  return $all
}

case $COMMAND in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) usage ;;
esac
