#!/usr/bin/env bash
# openday as users deploy it, on one machine: nginx (deploy/nginx.conf) terminating TLS in front of two instances of
# the built server on one MySQL/MariaDB database, the first seeding the demo data.
#
#   scripts/proxy.sh start|stop|check [--dir DIR] [--port N] [--database-url URL]
#
# start  builds if the build is missing or older than the sources, creates the database if missing, starts the two
#        instances (ports N-42 and N-41, i.e. 8401 and 8402 by default, on 127.0.0.1, NODE_ENV=production), makes a
#        self-signed certificate for localhost, renders deploy/nginx.conf into DIR and starts nginx with its own
#        prefix, pid and logs there: https://localhost:N (default 8443; plain HTTP on N+37, 8480, redirects).
#        Then runs `check`. Says so and exits 0 when everything already runs.
# stop   stops nginx and the two instances (the database stays).
# check  requests through https://localhost:N and prints PASS/FAIL lines; exits 1 on any failure.
#
# DIR defaults to <temp dir>/openday-proxy-N; the database to mysql://root@127.0.0.1:3306/openday_cluster_proxy.
# Generated secrets (signing keys, the organiser's password for `admin`) are kept in DIR/secrets.env.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|check [--dir DIR] [--port N] [--database-url URL]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
COMMAND=$1
shift
HTTPS_PORT=8443
DIR=
DATABASE_URL=${PROXY_DATABASE_URL:-mysql://root@127.0.0.1:3306/openday_cluster_proxy}
while [ $# -gt 0 ]; do
  case $1 in
    --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
    --port) HTTPS_PORT=${2:?--port needs a value}; shift 2 ;;
    --database-url) DATABASE_URL=${2:?--database-url needs a value}; shift 2 ;;
    *) usage ;;
  esac
done
[[ $HTTPS_PORT =~ ^[0-9]+$ ]] || usage
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${DIR:-${TMPDIR:-/tmp}/openday-proxy-$HTTPS_PORT}
HTTP_PORT=$((HTTPS_PORT + 37))
APP_PORTS=($((HTTPS_PORT - 42)) $((HTTPS_PORT - 41)))
BASE=https://localhost:$HTTPS_PORT
CONF=$DIR/conf/nginx.conf

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
nginx_running() { alive "$DIR/nginx.pid"; }
app_running() { alive "$DIR/app-$1.pid"; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
nginx_cmd() { nginx -p "$DIR" -c "$CONF" -e "$DIR/logs/error.log" "$@"; }

ensure_tools() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  [ ${#missing[@]} -eq 0 ] && return
  echo "proxy: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

build_if_stale() {
  local main=$ROOT/dist/src/main.js
  if [ ! -f "$main" ] || [ -n "$(find "$ROOT/src" "$ROOT/seeders" -newer "$main" -print -quit)" ]; then
    echo "proxy: building (npm run build)"
    (cd "$ROOT" && npm run -s build >/dev/null)
  fi
}

create_database() {
  local re='^mysql://([^:@/]+)(:([^@]*))?@([^:/]+)(:([0-9]+))?/([A-Za-z0-9_]+)$'
  [[ $DATABASE_URL =~ $re ]] || {
    echo "proxy: --database-url must look like mysql://user[:password]@host[:port]/database" >&2
    exit 2
  }
  local user=${BASH_REMATCH[1]} pass=${BASH_REMATCH[3]} host=${BASH_REMATCH[4]} port=${BASH_REMATCH[6]:-3306} db=${BASH_REMATCH[7]}
  local client=mariadb
  command -v mariadb >/dev/null || client=mysql
  MYSQL_PWD=$pass "$client" --no-defaults -h "$host" -P "$port" -u "$user" \
    -e "CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

random_secret() { openssl rand -base64 48 | tr -d '\n/+=' | cut -c1-43; }

ensure_secrets() {
  [ -f "$DIR/secrets.env" ] && return
  (
    umask 077
    cat >"$DIR/secrets.env" <<EOF
OPENDAY_TOKEN_KEYS=k1:$(random_secret)
OPENDAY_PII_KEY=$(random_secret)
OPENDAY_AUTH_SECRET=$(random_secret)
OPENDAY_ADMIN_PASSWORD=$(random_secret | cut -c1-16)
EOF
  )
}

start_app() {
  local n=$1 port=${APP_PORTS[$(($1 - 1))]} seed=${2:-}
  if app_running "$n"; then return; fi
  if port_busy "$port"; then
    echo "proxy: port $port is in use; choose another --port" >&2
    exit 1
  fi
  echo "proxy: starting instance $n on 127.0.0.1:$port${seed:+ (migrates and seeds the demo data)}"
  (
    set -a
    # shellcheck disable=SC1091
    . "$DIR/secrets.env"
    set +a
    cd "$ROOT"
    NODE_ENV=production PORT=$port HOST=127.0.0.1 DATABASE_URL=$DATABASE_URL OPENDAY_SEED_DEMO=${seed:-false} \
      setsid node dist/src/main.js >>"$DIR/logs/app-$n.log" 2>&1 </dev/null &
    echo $! >"$DIR/app-$n.pid"
  )
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && return
    if ! app_running "$n"; then
      echo "proxy: instance $n exited; the end of its log:" >&2
      tail -n 20 "$DIR/logs/app-$n.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "proxy: instance $n is not ready after 60 s" >&2
  exit 1
}

make_certificate() {
  [ -f "$DIR/tls/cert.pem" ] && return
  mkdir -p "$DIR/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" 2>/dev/null
  chmod 600 "$DIR/tls/key.pem"
}

render_config() {
  local worker
  if [ "$(id -u)" -eq 0 ]; then
    worker=$(id -u www-data >/dev/null 2>&1 && echo www-data || echo nobody)
  else
    worker=$(id -un)
  fi
  mkdir -p "$DIR/conf" "$DIR/cache" "$DIR/tmp"
  [ "$(id -u)" -ne 0 ] || chown "$worker" "$DIR/cache" "$DIR/tmp"
  sed -e "s|@@PREFIX@@|$DIR|g" -e "s|@@WORKER_USER@@|$worker|g" \
    -e "s|@@HTTPS_PORT@@|$HTTPS_PORT|g" -e "s|@@HTTP_PORT@@|$HTTP_PORT|g" -e "s|@@SERVER_NAME@@|localhost|g" \
    -e "s|@@TLS_CERT@@|$DIR/tls/cert.pem|g" -e "s|@@TLS_KEY@@|$DIR/tls/key.pem|g" \
    -e "s|@@APP_1@@|127.0.0.1:${APP_PORTS[0]}|g" -e "s|@@APP_2@@|127.0.0.1:${APP_PORTS[1]}|g" \
    "$ROOT/deploy/nginx.conf" >"$CONF"
  if grep -v '^ *#' "$CONF" | grep -q '@@'; then
    echo "proxy: placeholders left in $CONF" >&2
    exit 1
  fi
  nginx_cmd -t -q
}

cmd_start() {
  if nginx_running && app_running 1 && app_running 2; then
    echo "proxy: already running at $BASE (dir $DIR)"
    return 0
  fi
  ensure_tools
  mkdir -p "$DIR/logs"
  build_if_stale
  create_database
  ensure_secrets
  start_app 1 true
  start_app 2
  make_certificate
  render_config
  if nginx_running; then
    nginx_cmd -s reload
  else
    for port in "$HTTPS_PORT" "$HTTP_PORT"; do
      if port_busy "$port"; then
        echo "proxy: port $port is in use; choose another --port" >&2
        exit 1
      fi
    done
    echo "proxy: starting nginx on $BASE (plain HTTP on $HTTP_PORT redirects)"
    nginx_cmd
  fi
  for _ in $(seq 1 20); do
    nginx_running && break
    sleep 0.25
  done
  echo "proxy: running at $BASE (dir $DIR; organiser 'admin', password in $DIR/secrets.env)"
  cmd_check
}

stop_pid() {
  local name=$1 pidfile=$2 pid
  alive "$pidfile" || return 0
  pid=$(cat "$pidfile")
  echo "proxy: stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"
}

cmd_stop() {
  if nginx_running; then
    echo "proxy: stopping nginx"
    nginx_cmd -s quit || true
    for _ in $(seq 1 40); do
      nginx_running || break
      sleep 0.25
    done
  fi
  stop_pid nginx "$DIR/nginx.pid"
  stop_pid "instance 2" "$DIR/app-2.pid"
  stop_pid "instance 1" "$DIR/app-1.pid"
}

# ---- check ----------------------------------------------------------------------------------------------------
FAILURES=0
pass() { echo "PASS $1"; }
fail() {
  echo "FAIL $1: $2"
  FAILURES=$((FAILURES + 1))
}

# request NAME [curl args…]: the body in $OUT/NAME.body, headers in $OUT/NAME.headers; prints "status version".
request() {
  local name=$1
  shift
  curl -sS --cacert "$DIR/tls/cert.pem" -o "$OUT/$name.body" -D "$OUT/$name.headers" -w '%{http_code} %{http_version}' "$@" || echo "000 -"
}
header() { { grep -i "^$2:" "$OUT/$1.headers" || true; } | tail -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'; }

cmd_check() {
  [ -f "$DIR/tls/cert.pem" ] || {
    echo "FAIL setup: no certificate in $DIR (run start first)"
    exit 1
  }
  OUT=$(mktemp -d)
  trap 'rm -rf "$OUT"' EXIT
  local got venue session phone query status logged_before
  logged_before=$( (wc -l <"$DIR/logs/access.log") 2>/dev/null || echo 0)

  got=$(request home "$BASE/")
  if [ "$got" = "200 2" ] && [[ $(header home content-type) == text/html* ]] && grep -qi '<!doctype html' "$OUT/home.body"; then
    pass "home page: HTML over HTTPS and HTTP/2"
  else fail "home page" "got '$got' $(header home content-type)"; fi

  got=$(request venues "$BASE/api/venues?pageSize=100")
  if [ "$got" = "200 2" ] && [ "$(jq '.total' "$OUT/venues.body")" -ge 1 ]; then
    pass "/api/venues: $(jq '.total' "$OUT/venues.body") venues"
  else fail "/api/venues" "got '$got'"; fi

  venue=$(jq -r '[.items[] | select(.kind == "science_base" and .remaining > 0)][0].id // empty' "$OUT/venues.body" 2>/dev/null || true)
  session=
  if [ -n "$venue" ]; then
    request sessions "$BASE/api/sessions?venueId=$venue" >/dev/null
    session=$(jq -r '[(.items // .)[] | select(.bookable == true)][0].id // empty' "$OUT/sessions.body" 2>/dev/null || true)
  fi
  if [ -n "$session" ]; then
    phone=139$(printf '%08d' $((RANDOM * 32768 + RANDOM)) | cut -c1-8)
    got=$(request booking -X POST "$BASE/api/bookings" -H 'content-type: application/json' -H "Idempotency-Key: proxy-check-$phone" \
      --data "{\"sessionId\":$session,\"contact\":{\"name\":\"代理检查\",\"phone\":\"$phone\"},\"visitors\":[{\"name\":\"代理检查\"}]}")
    if [ "${got%% *}" = 201 ] && [ "$(jq -r .status "$OUT/booking.body")" = confirmed ] && [ -z "$(header booking x-cache-status)" ]; then
      pass "booking POST: 201 confirmed, code $(jq -r .code "$OUT/booking.body"), not through the cache"
    else fail "booking POST" "got '$got' $(head -c 300 "$OUT/booking.body")"; fi
  else
    fail "booking POST" "no bookable session found at a science base"
  fi

  got=$(request scan "$BASE/staff/scan")
  if [ "$got" = "200 2" ] && [[ $(header scan content-type) == text/html* ]]; then
    pass "/staff/scan: served over HTTPS (a secure context: the camera may be used)"
  else fail "/staff/scan" "got '$got'"; fi

  # A URL of its own, so the first request is not already cached by an earlier check.
  query="/api/venues?pageSize=$((RANDOM % 80 + 20))&page=1"
  request cache1 "$BASE$query" >/dev/null
  request cache2 "$BASE$query" >/dev/null
  if [ "$(header cache2 x-cache-status)" = HIT ]; then
    pass "micro-cache: second GET $query within 1 s is a HIT (first: $(header cache1 x-cache-status))"
  else fail "micro-cache" "second GET was '$(header cache2 x-cache-status)', first '$(header cache1 x-cache-status)'"; fi

  request cookie "$BASE$query" -H 'Cookie: openday_session=someone' >/dev/null
  request bearer "$BASE$query" -H 'Authorization: Bearer someone' >/dev/null
  if [ "$(header cookie x-cache-status)" = BYPASS ] && [ "$(header bearer x-cache-status)" = BYPASS ]; then
    pass "a request with a cookie or an Authorization header bypasses the cache"
  else fail "cache bypass" "cookie: '$(header cookie x-cache-status)', authorization: '$(header bearer x-cache-status)'"; fi

  request private "$BASE/api/bookings/ABCDEFGH?phone=13900000000" >/dev/null
  status=$(header private x-cache-status)
  if [ -z "$status" ]; then
    pass "/api/bookings/… never touches the cache"
  else fail "private path" "X-Cache-Status '$status'"; fi

  request gzip "$BASE/api/venues?pageSize=100" -H 'Accept-Encoding: gzip' >/dev/null
  if [ "$(header gzip content-encoding)" = gzip ]; then
    pass "gzip on JSON ($(wc -c <"$OUT/gzip.body") bytes compressed)"
  else fail "gzip" "Content-Encoding '$(header gzip content-encoding)'"; fi

  got=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$HTTP_PORT/staff/scan" || true)
  if [ "$got" = "301 $BASE/staff/scan" ]; then
    pass "plain HTTP redirects to HTTPS"
  else fail "HTTP redirect" "got '$got'"; fi

  # Both instances answered some of the requests above (nginx's access log names the upstream of each; nginx
  # writes it as each request ends, so only this check's lines count).
  local upstreams
  upstreams=$(tail -n +$((logged_before + 1)) "$DIR/logs/access.log" 2>/dev/null | grep -o 'up=127\.0\.0\.1:[0-9]*' | sort -u | tr '\n' ' ' || true)
  if [[ $upstreams == *":${APP_PORTS[0]} "* && $upstreams == *":${APP_PORTS[1]} "* ]]; then
    pass "both instances serve through the proxy ($upstreams)"
  else fail "upstreams" "seen: '$upstreams'"; fi

  if [ $FAILURES -gt 0 ]; then
    echo "proxy check: $FAILURES failed"
    exit 1
  fi
  echo "proxy check: all passed"
}

case $COMMAND in
  start) cmd_start ;;
  stop) cmd_stop ;;
  check) cmd_check ;;
  *) usage ;;
esac
