#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL and Redis on loopback.
#   scripts/with-services.sh CMD [ARGS...]
# Both servers live in a temp folder on free ports and are stopped on exit,
# failure or Ctrl-C. DATABASE_URL and REDIS_URL point the command at them.
set -euo pipefail

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
    if is_root && command -v apt-get >/dev/null; then
        say "installing $* with apt-get"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        die "$1 is missing: install it (Debian: sudo apt-get install -y $*) and run again."
    fi
}

# PostgreSQL server binaries: on PATH, or Debian's versioned folder.
if ! command -v initdb >/dev/null; then
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && PATH="$dir:$PATH" && break
    done
fi
if ! command -v initdb >/dev/null; then
    apt_install postgresql
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && PATH="$dir:$PATH" && break
    done
fi
command -v initdb >/dev/null || die "PostgreSQL's initdb was not found."
command -v redis-server >/dev/null || apt_install redis-server

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leergang-services.XXXXXX")"
PGDATA="$WORK/pg"
PGPORT="$(free_port)"
REDISPORT="$(free_port)"

# initdb refuses to run as root: run the server as the postgres user then.
as_pg() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}
if is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$WORK"
fi

cleanup() {
    set +e
    if [ -f "$PGDATA/postmaster.pid" ]; then
        as_pg pg_ctl -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1
    fi
    if [ -f "$WORK/redis.pid" ]; then
        redis-cli -h 127.0.0.1 -p "$REDISPORT" shutdown nosave >/dev/null 2>&1 \
            || kill "$(cat "$WORK/redis.pid")" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "starting PostgreSQL on 127.0.0.1:$PGPORT"
as_pg initdb -D "$PGDATA" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
# Durability off: this database is thrown away after the run.
as_pg pg_ctl -D "$PGDATA" -l "$WORK/postgres.log" -w -t 60 \
    -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$WORK/postgres.log" >&2; die "PostgreSQL did not start"; }
as_pg createdb -h 127.0.0.1 -p "$PGPORT" -U postgres leergang

say "starting Redis on 127.0.0.1:$REDISPORT"
redis-server --port "$REDISPORT" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize yes --dir "$WORK" --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$REDISPORT" ping >/dev/null 2>&1 && break
    sleep 0.1
done
redis-cli -h 127.0.0.1 -p "$REDISPORT" ping >/dev/null || die "Redis did not start"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/leergang"
export REDIS_URL="redis://127.0.0.1:$REDISPORT"
set +e
"$@"
status=$?
set -e
exit "$status"
