#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 and MariaDB 10.11 on loopback.
#
#   tests/servers/with-servers.sh CMD [ARGS...]
#
# Both servers get fresh data directories in a new temp dir and free ports chosen now;
# both are stopped and the temp dir removed on every exit path. The command sees:
#
#   QUARRY_TEST_POSTGRESQL_URL    postgresql://quarry:quarry@127.0.0.1:PORT/quarry_test
#   QUARRY_TEST_MARIADB_URL       mysql://quarry:quarry@127.0.0.1:PORT/quarry_test
#   QUARRY_TEST_POSTGRESQL_STOP   shell commands (for `bash -c`) that return once the
#   QUARRY_TEST_POSTGRESQL_START  server is really down / really accepting connections
#   QUARRY_TEST_MARIADB_STOP      again on the SAME port. Stopping a stopped server or
#   QUARRY_TEST_MARIADB_START     starting a running one succeeds and does nothing.
#
# User `quarry` (password `quarry`) owns database `quarry_test` on both servers and may
# create more databases (PostgreSQL: CREATEDB; MariaDB: all rights on `quarry\_test%`),
# which the test helper uses to give each test process its own database. MariaDB's
# databases default to utf8mb4 / utf8mb4_bin.
#
# QUARRY_TEST_BACKENDS (comma list, e.g. "sqlite,postgresql") skips starting a server
# whose backend is not listed. The exit code is CMD's.
#
# Internal form, what the *_STOP / *_START commands run:
#   tests/servers/with-servers.sh --ctl STATEDIR postgresql|mariadb start|stop

# No `set -e`: every failure below is checked explicitly, so that a server that does not
# come up is reported with its log instead of the script silently dying.
set -uo pipefail

readonly SELF=$(readlink -f "${BASH_SOURCE[0]}")
readonly PG_BIN=/usr/lib/postgresql/15/bin
readonly MARIADBD=/usr/sbin/mariadbd
readonly START_TIMEOUT=60   # seconds to wait for a server to come up or go down

say() { echo "with-servers: $*" >&2; }

# ---------------------------------------------------------------------------------------
# Small utilities

# True while the process exists and is not a zombie (a killed server whose parent has not
# reaped it yet is down, even though `kill -0` still succeeds on it).
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }           # the state letter follows "(comm) "; comm may hold spaces
    [[ ${stat:0:1} != Z ]]
}

# True if something accepts TCP connections on 127.0.0.1:PORT (bash's /dev/tcp; no
# dependency on ss/netstat/python being installed).
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nobody listens on, below the kernel's ephemeral range (32768-60999 by default)
# so that outgoing connections cannot grab it between our check and the server's bind.
# Ports given as arguments are avoided (the two servers pick theirs concurrently).
pick_port() {
    local port i
    for ((i = 0; i < 200; i++)); do
        port=$((15000 + RANDOM % 17000))
        [[ " $* " == *" $port "* ]] && continue
        port_open "$port" || { echo "$port"; return 0; }
    done
    return 1
}

# Runs a PostgreSQL program as `postgres` (PostgreSQL refuses to run as root), from a
# directory postgres can enter (else it warns about the caller's cwd, e.g. /root).
as_pg() {
    if ((EUID == 0)); then
        (cd "$STATE" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

print_log() {   # NAME FILE: shows why a server failed, loudly, on stderr
    say "----- $1 log ($2) -----"
    tail -n 80 "$2" >&2 2>/dev/null || say "(no log)"
    say "----- end of $1 log -----"
}

# ---------------------------------------------------------------------------------------
# State layout (everything under STATE, a fresh mktemp -d):
#   STATE/postgresql.port, STATE/mariadb.port    the ports, read by --ctl
#   STATE/pg/{data,postgresql.log,.s.PGSQL.PORT} owned by postgres (it insists)
#   STATE/mariadb/{data,mariadb.sock,mariadb.pid,mariadb.log}

set_paths() {
    STATE=$1
    PG_DIR=$STATE/pg
    PG_DATA=$PG_DIR/data
    PG_LOG=$PG_DIR/postgresql.log
    MY_DIR=$STATE/mariadb
    MY_DATA=$MY_DIR/data
    MY_SOCK=$MY_DIR/mariadb.sock
    MY_PIDFILE=$MY_DIR/mariadb.pid
    MY_LOG=$MY_DIR/mariadb.log
    PG_PORT=$(cat "$STATE/postgresql.port" 2>/dev/null || true)
    MY_PORT=$(cat "$STATE/mariadb.port" 2>/dev/null || true)
}

# Waits until PORT accepts (want=open) or refuses (want=closed) connections.
wait_port() {
    local port=$1 want=$2 i
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        if port_open "$port"; then
            [[ $want == open ]] && return 0
        else
            [[ $want == closed ]] && return 0
        fi
        sleep 0.1
    done
    say "port $port still not $want after ${START_TIMEOUT}s"
    return 1
}

# ---------------------------------------------------------------------------------------
# PostgreSQL

pg_running() {
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

pg_start() {
    pg_running && return 0
    # fsync/full_page_writes/synchronous_commit off: a throwaway test server needs no
    # durability, and they make DDL-heavy tests several times faster.
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$START_TIMEOUT" -s \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        start >/dev/null 2>&1 || return 1
    # pg_ctl -w waits for the server to accept connections; also make sure the TCP
    # listener (what the tests use) is the one answering.
    wait_port "$PG_PORT" open
}

pg_stop() {
    pg_running || return 0
    # -m fast: disconnect clients (a connection-loss test wants exactly that) instead of
    # waiting for them; -w: return only when the postmaster has exited.
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t "$START_TIMEOUT" -s stop >/dev/null 2>&1 ||
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -s stop >/dev/null 2>&1
    pg_running && return 1
    wait_port "$PG_PORT" closed
}

# initdb + first start (retrying on another port if ours was taken meanwhile) + users.
pg_bootstrap() {
    local avoid=$1 attempt
    mkdir -p "$PG_DIR" && chmod 700 "$PG_DIR" || return 1
    ((EUID == 0)) && chown postgres: "$PG_DIR"
    # --no-locale -E UTF8: byte-wise collation like SQLite and utf8mb4_bin, whatever the
    # machine's locale is.
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres --no-locale -E UTF8 \
        >"$PG_DIR/initdb.log" 2>&1; then
        say "PostgreSQL: initdb FAILED"
        print_log initdb "$PG_DIR/initdb.log"
        return 1
    fi
    for attempt in 1 2 3; do
        PG_PORT=$(pick_port "$avoid") || { say "PostgreSQL: no free port"; return 1; }
        echo "$PG_PORT" >"$STATE/postgresql.port"
        pg_start && break
        if [[ $attempt -lt 3 ]] && grep -q "Address already in use" "$PG_LOG" 2>/dev/null; then
            say "PostgreSQL: port $PG_PORT was taken meanwhile, trying another"
            continue
        fi
        say "PostgreSQL FAILED to start on port $PG_PORT"
        print_log PostgreSQL "$PG_LOG"
        return 1
    done
    # trust auth: the password is not checked, but the URL carries one like a real setup.
    if ! "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres \
        -d postgres >"$PG_DIR/setup.log" 2>&1 <<'SQL'; then
CREATE ROLE quarry LOGIN PASSWORD 'quarry' CREATEDB;
CREATE DATABASE quarry_test OWNER quarry ENCODING 'UTF8' TEMPLATE template0;
SQL
        say "PostgreSQL: creating user/database FAILED"
        print_log "PostgreSQL setup" "$PG_DIR/setup.log"
        return 1
    fi
}

# ---------------------------------------------------------------------------------------
# MariaDB

my_pid() { cat "$MY_PIDFILE" 2>/dev/null; }

my_running() {
    local pid
    pid=$(my_pid) && [[ -n $pid ]] && alive "$pid"
}

my_start() {
    my_running && return 0
    rm -f "$MY_SOCK" "$MY_PIDFILE"
    local user
    user=$(id -un)
    # --no-defaults: ignore /etc/mysql/*.cnf (the system server's paths and settings).
    # setsid: the server is not in the caller's session, so a Ctrl-C or a test runner
    # killing a test's process group does not take it down; --wait keeps a process we
    # can watch, whether or not setsid had to fork.
    # utf8mb4/utf8mb4_bin server defaults: 4-byte characters and case-sensitive compares
    # (Quarry's portable semantics). innodb flush/doublewrite off: no durability needed.
    setsid --wait "$MARIADBD" --no-defaults --user="$user" --datadir="$MY_DATA" \
        --tmpdir="$MY_DIR/tmp" \
        --port="$MY_PORT" --bind-address=127.0.0.1 --skip-name-resolve \
        --socket="$MY_SOCK" --pid-file="$MY_PIDFILE" --log-error="$MY_LOG" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
        --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
        </dev/null >>"$MY_LOG" 2>&1 &
    local launcher=$! i
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        # `ping` succeeds as soon as the server answers on TCP (even "access denied"
        # counts as alive), which is exactly "accepting connections on our port".
        if mariadb-admin --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_PORT" -u root \
            --connect-timeout=2 ping >/dev/null 2>&1 && my_running; then
            return 0
        fi
        alive "$launcher" || return 1   # mariadbd exited: the log says why
        sleep 0.1
    done
    say "MariaDB did not answer within ${START_TIMEOUT}s"
    kill -KILL "$launcher" 2>/dev/null
    return 1
}

my_stop() {
    local pid i
    pid=$(my_pid) || return 0
    [[ -n $pid ]] && alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null   # clean shutdown; clients see the connection drop
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        alive "$pid" || break
        sleep 0.1
    done
    if alive "$pid"; then
        say "MariaDB did not stop within ${START_TIMEOUT}s, killing it"
        kill -KILL "$pid" 2>/dev/null
        sleep 0.5
    fi
    rm -f "$MY_PIDFILE"
    wait_port "$MY_PORT" closed
}

my_bootstrap() {
    local avoid=$1 attempt
    # A private tmpdir: in the shared /tmp, install-db once failed to delete its own
    # '#sql-temptable-*' file.
    mkdir -p "$MY_DATA" "$MY_DIR/tmp" || return 1
    if ! mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$MY_DATA" \
        --tmpdir="$MY_DIR/tmp" \
        --auth-root-authentication-method=normal --skip-test-db \
        >"$MY_DIR/install.log" 2>&1; then
        say "MariaDB: mariadb-install-db FAILED"
        print_log mariadb-install-db "$MY_DIR/install.log"
        return 1
    fi
    for attempt in 1 2 3; do
        MY_PORT=$(pick_port "$avoid") || { say "MariaDB: no free port"; return 1; }
        echo "$MY_PORT" >"$STATE/mariadb.port"
        my_start && break
        if [[ $attempt -lt 3 ]] && grep -q "Address already in use" "$MY_LOG" 2>/dev/null; then
            say "MariaDB: port $MY_PORT was taken meanwhile, trying another"
            continue
        fi
        say "MariaDB FAILED to start on port $MY_PORT"
        print_log MariaDB "$MY_LOG"
        return 1
    done
    # Both quarry@localhost and quarry@127.0.0.1: an anonymous ''@'localhost' account
    # would shadow a 'quarry'@'%' one. The anonymous accounts are dropped as well.
    # The grant pattern `quarry\_test%` covers quarry_test and the per-process databases
    # the test helper creates (quarry_test_<test name>).
    if ! mariadb --no-defaults --protocol=socket -S "$MY_SOCK" -u root \
        >"$MY_DIR/setup.log" 2>&1 <<'SQL'; then
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE DATABASE quarry_test CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'quarry'@'localhost' IDENTIFIED BY 'quarry';
CREATE USER 'quarry'@'127.0.0.1' IDENTIFIED BY 'quarry';
GRANT ALL PRIVILEGES ON `quarry\_test%`.* TO 'quarry'@'localhost';
GRANT ALL PRIVILEGES ON `quarry\_test%`.* TO 'quarry'@'127.0.0.1';
SQL
        say "MariaDB: creating user/database FAILED"
        print_log "MariaDB setup" "$MY_DIR/setup.log"
        return 1
    fi
}

# ---------------------------------------------------------------------------------------
# --ctl: what the QUARRY_TEST_*_START / *_STOP commands run (from a test process).

if [[ ${1-} == --ctl ]]; then
    [[ $# -eq 4 ]] || { say "usage: $0 --ctl STATEDIR postgresql|mariadb start|stop"; exit 2; }
    set_paths "$2"
    case "$3 $4" in
        "postgresql start") pg_start || { say "PostgreSQL FAILED to restart"; print_log PostgreSQL "$PG_LOG"; exit 1; } ;;
        "postgresql stop") pg_stop || { say "PostgreSQL FAILED to stop"; exit 1; } ;;
        "mariadb start") my_start || { say "MariaDB FAILED to restart"; print_log MariaDB "$MY_LOG"; exit 1; } ;;
        "mariadb stop") my_stop || { say "MariaDB FAILED to stop"; exit 1; } ;;
        *) say "unknown: $3 $4"; exit 2 ;;
    esac
    exit 0
fi

# ---------------------------------------------------------------------------------------
# Main: start, run CMD, stop.

if [[ $# -eq 0 || $1 == -h || $1 == --help ]]; then
    sed -n '2,/^$/s/^# \{0,1\}//p' "$SELF" >&2
    exit 2
fi

wanted() {   # is backend $1 selected by QUARRY_TEST_BACKENDS (unset/empty = all)?
    local list=",${QUARRY_TEST_BACKENDS-},"
    list=${list// /}
    [[ $list == ",," || $list == *",$1,"* ]]
}
want_pg=0 want_my=0
wanted postgresql && want_pg=1
{ wanted mariadb || wanted mysql; } && want_my=1

for tool in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$MARIADBD"; do
    if [[ ! -x $tool ]]; then
        say "$tool is missing (apt-get install postgresql mariadb-server)"
        exit 1
    fi
done

# Under /tmp rather than $TMPDIR: postgres must be able to traverse every parent, and
# Unix socket paths are limited to ~107 bytes.
STATE=$(mktemp -d /tmp/quarry-servers.XXXXXX) || exit 1
chmod 755 "$STATE"   # mktemp makes it 0700 (root); postgres needs to enter it
set_paths "$STATE"
child=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ -n $child ]] && alive "$child"; then
        kill -TERM "$child" 2>/dev/null
        wait "$child" 2>/dev/null
    fi
    set_paths "$STATE"   # re-read the ports (bootstraps ran in subshells)
    [[ -d $PG_DATA ]] && pg_stop
    [[ -d $MY_DATA ]] && my_stop
    rm -rf "$STATE"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

began=$SECONDS
# Both servers bootstrap concurrently (initdb and mariadb-install-db take a second or two
# each); pick both first ports up front so they cannot collide.
pg_first=$(pick_port) || exit 1
my_first=$(pick_port "$pg_first") || exit 1
pg_job= my_job=
if ((want_pg)); then
    pg_bootstrap "$my_first" &
    pg_job=$!
fi
if ((want_my)); then
    my_bootstrap "$pg_first" &
    my_job=$!
fi
failed=0
[[ -n $pg_job ]] && { wait "$pg_job" || failed=1; }
[[ -n $my_job ]] && { wait "$my_job" || failed=1; }
set_paths "$STATE"
if ((failed)); then
    say "server start-up FAILED; not running: $*"
    exit 1
fi

q() { printf '%q' "$1"; }
if ((want_pg)); then
    export QUARRY_TEST_POSTGRESQL_URL="postgresql://quarry:quarry@127.0.0.1:$PG_PORT/quarry_test"
    export QUARRY_TEST_POSTGRESQL_STOP="bash $(q "$SELF") --ctl $(q "$STATE") postgresql stop"
    export QUARRY_TEST_POSTGRESQL_START="bash $(q "$SELF") --ctl $(q "$STATE") postgresql start"
    say "PostgreSQL 15  on 127.0.0.1:$PG_PORT  ($QUARRY_TEST_POSTGRESQL_URL)"
else
    say "PostgreSQL not started (QUARRY_TEST_BACKENDS=${QUARRY_TEST_BACKENDS-})"
fi
if ((want_my)); then
    export QUARRY_TEST_MARIADB_URL="mysql://quarry:quarry@127.0.0.1:$MY_PORT/quarry_test"
    export QUARRY_TEST_MARIADB_STOP="bash $(q "$SELF") --ctl $(q "$STATE") mariadb stop"
    export QUARRY_TEST_MARIADB_START="bash $(q "$SELF") --ctl $(q "$STATE") mariadb start"
    say "MariaDB 10.11  on 127.0.0.1:$MY_PORT  ($QUARRY_TEST_MARIADB_URL)"
else
    say "MariaDB not started (QUARRY_TEST_BACKENDS=${QUARRY_TEST_BACKENDS-})"
fi
say "servers up in $((SECONDS - began))s (state in $STATE); running: $*"

# CMD runs as a child we can wait on, so that a TERM/INT to this script interrupts the
# wait at once (the traps above then stop CMD and the servers). The subshell restores
# default INT/QUIT (a background job may start with them ignored) and keeps our stdin.
(trap - INT QUIT; exec "$@") <&0 &
child=$!
wait "$child"
rc=$?
child=
say "command exited with $rc; stopping servers"
exit "$rc"
