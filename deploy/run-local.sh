#!/usr/bin/env bash
# N dashboard processes on one data folder, behind nginx with sticky sessions, on this machine.
#
#   deploy/run-local.sh N PORT [-- STREAMLIT_OPTION ...]
#
# Starts N `streamlit run serve.py` processes on 127.0.0.1, ports PORT+1 .. PORT+N, all reading
# the same data folder ($IOM_DATA_DIR, default data/), and nginx on 127.0.0.1:PORT in front of
# them (deploy/nginx/: websocket upgrade, a routing cookie for sticky sessions, failover). Every
# HEALTH_INTERVAL seconds (default 1) it asks each process's /_stcore/health: a process that fails
# HEALTH_FAILURES checks in a row (default 3; one slow answer from a busy process is not a death)
# is taken out of nginx's upstream (reloaded), and put back once it answers again. Ctrl-C (or
# TERM) stops everything it started. Options after "--" go to every `streamlit run`. Linux
# (taskset, /dev/tcp, timeout), bash 4.4 or newer, Debian's nginx.
#
# Environment: IOM_DATA_DIR (the shared data folder), IOM_COOKIE_SECRET (the processes' shared
# cookie secret; a random one per run if unset, never written to the repository), IOM_RUN_DIR (a
# folder for nginx's files and the processes' logs, kept; a temporary one removed at exit if
# unset), PYTHON (default: .venv/bin/python if present, else python3), NGINX (default: nginx),
# IOM_PIN_CPUS (default 1: each process pinned to one CPU with taskset; 0: not pinned).
set -euo pipefail

usage() { echo "usage: $0 N PORT [-- STREAMLIT_OPTION ...]   (N processes, 1-32; PORT the proxy's, 1024-65000)" >&2; exit 2; }
[ $# -ge 2 ] || usage
COUNT=$1 PORT=$2
shift 2
if [ $# -gt 0 ]; then [ "$1" = "--" ] || usage; shift; fi
[[ $COUNT =~ ^[0-9]+$ ]] && [ "$COUNT" -ge 1 ] && [ "$COUNT" -le 32 ] || usage
[[ $PORT =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1024 ] && [ "$PORT" -le 65000 ] || usage

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON=$ROOT/.venv/bin/python; else PYTHON=python3; fi
fi
NGINX=${NGINX:-nginx}
if ! command -v "$NGINX" >/dev/null 2>&1; then  # Debian puts it in /usr/sbin, not on every user's PATH
    if [ -x /usr/sbin/nginx ]; then NGINX=/usr/sbin/nginx; else echo "nginx not found (Debian: apt-get install -y nginx)" >&2; exit 1; fi
fi
export IOM_DATA_DIR=${IOM_DATA_DIR:-$ROOT/data}
[ -d "$IOM_DATA_DIR" ] || { echo "no data folder at $IOM_DATA_DIR" >&2; exit 1; }
# One cookie secret for all processes: the XSRF and sign-in cookies one process signs, another accepts.
export STREAMLIT_SERVER_COOKIE_SECRET=${IOM_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')}

if [ -n "${IOM_RUN_DIR:-}" ]; then RUN=$IOM_RUN_DIR; mkdir -p "$RUN"; KEEP=1; else RUN=$(mktemp -d); KEEP=0; fi
RUN=$(cd "$RUN" && pwd)
mkdir -p "$RUN/tmp"

# Every port must be free: a process that cannot bind its port would exit, and nginx would send
# its readers to whatever listens there.
if ! "$PYTHON" - "$PORT" "$COUNT" <<'PY'
import socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
for candidate in range(port, port + count + 1):
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", candidate))
        except OSError:
            sys.exit(f"port {candidate} is in use: choose another PORT (the processes take PORT+1 .. PORT+{count})")
PY
then exit 1; fi

PIDS=() NGINX_PID="" STOPPING=0
stop_all() {
    [ "$STOPPING" = 1 ] && return
    STOPPING=1
    trap - INT TERM EXIT
    # nginx's fast shutdown (TERM): a graceful one would wait for every open websocket, up to an hour.
    local everything=("${PIDS[@]}")
    [ -n "$NGINX_PID" ] && everything+=("$NGINX_PID")
    for pid in "${everything[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 100); do  # up to 10 s for them to end, then they are killed
        local alive=0
        for pid in "${everything[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    for pid in "${everything[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ "$KEEP" = 1 ] || rm -rf "$RUN"
    echo "stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# Each process on one CPU of its own (round robin when there are more processes than CPUs). One
# Streamlit process runs its event loop and every session's script in threads that share Python's
# lock (the GIL); kept on one core they do not hand that lock from core to core. Measured with
# bench/load.py: pages came back faster at the same load (p95 0.3-0.6 s against 1.3 s at 32
# readers); the readers served within p95 <= 2 s were the same within the runs' noise (docs/performance.md).
# IOM_PIN_CPUS=0 leaves them free.
CPUS=() PIN=()
if [ "${IOM_PIN_CPUS:-1}" != 0 ] && command -v taskset >/dev/null 2>&1; then
    read -r -a CPUS < <("$PYTHON" -c 'import os; print(*sorted(os.sched_getaffinity(0)))')
fi
for i in $(seq 1 "$COUNT"); do
    port=$((PORT + i))
    if [ ${#CPUS[@]} -gt 0 ]; then PIN=(taskset -c "${CPUS[(i - 1) % ${#CPUS[@]}]}"); fi
    "${PIN[@]}" "$PYTHON" -m streamlit run "$ROOT/serve.py" --server.port "$port" --server.address 127.0.0.1 \
        --server.headless true --server.fileWatcherType none --browser.gatherUsageStats false "$@" \
        >"$RUN/process-$i.log" 2>&1 &
    PIDS+=($!)
done

healthy() {  # 0 when 127.0.0.1:$1/_stcore/health answers 200 within 2 s (bash's /dev/tcp: no curl needed)
    timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$1"' && printf "GET /_stcore/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3 && head -n1 <&3' \
        2>/dev/null | grep -q " 200 "
}

write_upstream() {  # the upstream block, with the processes marked down in $1 (a string of 0/1, one per process)
    {
        echo "upstream dashboard {"
        echo "    hash \$iom_route consistent;"
        for i in $(seq 1 "$COUNT"); do
            down=""; [ "${1:i-1:1}" = 0 ] && down=" down"
            echo "    server 127.0.0.1:$((PORT + i)) max_fails=1 fail_timeout=5s$down;"
        done
        echo "    keepalive 32;"
        echo "}"
    } >"$RUN/upstream.conf"
}

# Wait for every process to answer (a cold start imports pandas and validates the data).
deadline=$((SECONDS + ${STARTUP_TIMEOUT:-180}))
for i in $(seq 1 "$COUNT"); do
    until healthy $((PORT + i)); do
        if ! kill -0 "${PIDS[i-1]}" 2>/dev/null; then
            echo "process $i exited at start; its log:" >&2; tail -n 30 "$RUN/process-$i.log" >&2; exit 1
        fi
        [ $SECONDS -lt $deadline ] || { echo "process $i did not answer in time" >&2; exit 1; }
        sleep 0.2
    done
done

cp "$ROOT/deploy/nginx/maps.conf" "$ROOT/deploy/nginx/dashboard.conf" "$RUN/"
STATE=$(printf '1%.0s' $(seq 1 "$COUNT"))
write_upstream "$STATE"
USER_LINE=""
if [ "$(id -u)" = 0 ]; then  # nginx started by root hands its workers to nobody: let them write their temp files
    USER_LINE="user nobody nogroup;"
    chown nobody "$RUN/tmp" 2>/dev/null || chmod 777 "$RUN/tmp"
    chmod 711 "$RUN"
fi
cat >"$RUN/nginx.conf" <<EOF
$USER_LINE
daemon off;
worker_processes auto;
pid $RUN/nginx.pid;
error_log $RUN/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log $RUN/nginx-access.log;
    client_body_temp_path $RUN/tmp/body;
    proxy_temp_path $RUN/tmp/proxy;
    fastcgi_temp_path $RUN/tmp/fastcgi;
    uwsgi_temp_path $RUN/tmp/uwsgi;
    scgi_temp_path $RUN/tmp/scgi;
    server_tokens off;
    include $RUN/maps.conf;
    map \$upstream_addr \$dashboard_upstream { default \$upstream_addr; }  # named in a response header
    include $RUN/upstream.conf;
    server {
        listen 127.0.0.1:$PORT;
        include $RUN/dashboard.conf;
    }
}
EOF
"$NGINX" -t -q -p "$RUN" -e "$RUN/nginx-error.log" -c "$RUN/nginx.conf"
"$NGINX" -p "$RUN" -e "$RUN/nginx-error.log" -c "$RUN/nginx.conf" &
NGINX_PID=$!
until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do
    kill -0 "$NGINX_PID" 2>/dev/null || { echo "nginx exited:" >&2; cat "$RUN/nginx-error.log" >&2; exit 1; }
    sleep 0.1
done
echo "processes: ${PIDS[*]}"
[ ${#CPUS[@]} -gt 0 ] && echo "pinned: process i on CPU ${CPUS[*]} in turn" || echo "pinned: no (IOM_PIN_CPUS=0 or no taskset)"
echo "ready: http://127.0.0.1:$PORT ($COUNT processes, files in $RUN)"

# Health checks: a process that fails HEALTH_FAILURES checks in a row is taken out of the upstream,
# and put back when it answers.
FAILS=()
for i in $(seq 1 "$COUNT"); do FAILS+=(0); done
while true; do
    sleep "${HEALTH_INTERVAL:-1}"
    NEW=""
    for i in $(seq 1 "$COUNT"); do
        if healthy $((PORT + i)); then FAILS[i-1]=0; else FAILS[i-1]=$((FAILS[i-1] + 1)); fi
        if [ "${FAILS[i-1]}" -ge "${HEALTH_FAILURES:-3}" ]; then NEW+=0
        elif [ "${FAILS[i-1]}" -eq 0 ]; then NEW+=1
        else NEW+=${STATE:i-1:1}; fi  # a failure or two: as it was
    done
    if [ "$NEW" != "$STATE" ]; then
        for i in $(seq 1 "$COUNT"); do
            [ "${STATE:i-1:1}" = 1 ] && [ "${NEW:i-1:1}" = 0 ] && echo "process $i (port $((PORT + i))) failed its health check: taken out of the proxy"
            [ "${STATE:i-1:1}" = 0 ] && [ "${NEW:i-1:1}" = 1 ] && echo "process $i (port $((PORT + i))) healthy again: back in the proxy"
        done
        STATE=$NEW
        write_upstream "$STATE"
        "$NGINX" -s reload -p "$RUN" -e "$RUN/nginx-error.log" -c "$RUN/nginx.conf"
    fi
done
