#!/usr/bin/env bash
# Run on one machine what production runs: PostgreSQL, Redis, two gunicorn web processes,
# a Celery worker and the beat, all with the production settings, served over plain HTTP
# on loopback.
#   scripts/serve-prod.sh [--no-seed]
#   scripts/serve-prod.sh --services-from-env [--no-seed]
# Without --services-from-env it starts a throwaway PostgreSQL and Redis through
# scripts/with-services.sh (removed again on exit); with it, DATABASE_URL and REDIS_URL
# must point at servers you own (tests/prod_tests/test_serve_prod.py runs it so).
# Then: the Procfile's `release` (migrate), compilemessages when a catalogue changed,
# collectstatic, seed_demo (unless --no-seed), and `honcho start web worker beat` with two
# web processes. Ctrl-C (or SIGTERM) stops them all.
#
# Environment:
#   SERVE_PROD_PORT     web 1's port (8001); web 2 listens on the next one (honcho's -p)
#   WEB_CONCURRENCY     gunicorn workers per web process (the Procfile's default, 3)
#   CELERY_CONCURRENCY  Celery worker processes (the Procfile's default, 2)
#   DEMO_PASSWORD       password of every demo account (leergang-demo)
#   EMAIL_BACKEND       Django's mail backend (console: mail is printed in the worker's log)
#   VENV                the virtualenv to run from (.venv of this checkout)
set -euo pipefail

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

services_from_env=0
seed=1
for arg in "$@"; do
    case "$arg" in
        --services-from-env) services_from_env=1 ;;
        --no-seed) seed=0 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $arg (see $0 --help)" ;;
    esac
done

if [ "$services_from_env" = 0 ]; then
    # with-services.sh sets DATABASE_URL and REDIS_URL and stops both servers when we end.
    exec "$ROOT/scripts/with-services.sh" "$0" --services-from-env "$@"
fi
[ -n "${DATABASE_URL:-}" ] || die "--services-from-env needs DATABASE_URL (postgres://…)."
[ -n "${REDIS_URL:-}" ] || die "--services-from-env needs REDIS_URL (redis://…)."

VENV="${VENV:-$ROOT/.venv}"
for tool in python honcho gunicorn celery; do
    [ -x "$VENV/bin/$tool" ] || die "$VENV/bin/$tool is missing: run 'make install-dev' first."
done
# The Procfile's commands (python, gunicorn, celery) are the virtualenv's.
export PATH="$VENV/bin:$PATH"
PY="$VENV/bin/python"

PORT1="${SERVE_PROD_PORT:-8001}"
PORT2=$((PORT1 + 1))
for port in "$PORT1" "$PORT2"; do
    "$PY" -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' \
        "$port" 2>/dev/null || die "port $port on 127.0.0.1 is taken: set SERVE_PROD_PORT."
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/leergang-serve-prod.XXXXXX")"
honcho_pid=""
stop() {
    trap - INT TERM
    if [ -n "$honcho_pid" ] && kill -0 "$honcho_pid" 2>/dev/null; then
        kill -TERM "$honcho_pid" 2>/dev/null || true  # honcho stops its processes, then itself
    fi
}
trap 'stop; wait; rm -rf "$WORK"' EXIT
trap 'stop' INT TERM

# --- The production settings, usable over plain HTTP on loopback ------------------------
export DJANGO_SETTINGS_MODULE=config.settings.production
# A secret of this run only: sessions and signed links die with it.
SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')"
export SECRET_KEY
export ALLOWED_HOSTS="127.0.0.1,localhost"
export SITE_URL="http://127.0.0.1:$PORT1"
# No TLS proxy in front: no redirect to https://, and no HSTS for 127.0.0.1. The cookies stay
# Secure (production's settings have no switch for them); browsers and curl count
# http://127.0.0.1 and http://localhost as secure and keep them.
export SECURE_SSL_REDIRECT=0
export SECURE_HSTS_SECONDS=0
export SECURE_HSTS_PRELOAD=0
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}"
export PYTHONUNBUFFERED=1
# This stack's Redis and local disk only, whatever the shell had set for another one.
unset CACHE_URL CELERY_BROKER_URL AWS_STORAGE_BUCKET_NAME PORT
# Two gunicorn masters on one machine: each would claim the same control socket.
export GUNICORN_CMD_ARGS="--no-control-socket${GUNICORN_CMD_ARGS:+ $GUNICORN_CMD_ARGS}"
# Once the Procfile reads these (see below) the rewriting there has nothing left to do.
export WEB_HOST=127.0.0.1
export BEAT_SCHEDULE_FILE="$WORK/celerybeat-schedule"
# Collected static files and uploaded media of this run only, gone with its database, once
# config/settings/base.py takes VAR_DIR from the environment; until then they go to var/.
export VAR_DIR="$WORK/var"

# The Procfile itself, with two local changes: gunicorn binds 127.0.0.1, not 0.0.0.0 (a
# throwaway secret and the demo's known password are not for the network; GUNICORN_CMD_ARGS
# cannot override a --bind given on the command line), and the beat keeps its schedule in
# this run's folder instead of a /tmp file that another beat on this machine could share.
PROCFILE="$WORK/Procfile"
sed -e 's/--bind 0\.0\.0\.0:/--bind 127.0.0.1:/' \
    -e "s#--schedule=/tmp/celerybeat-schedule#--schedule=$BEAT_SCHEDULE_FILE#" \
    "$ROOT/Procfile" >"$PROCFILE"
# ${WEB_HOST:-0.0.0.0} is fine: WEB_HOST is set above. Any other 0.0.0.0 is not.
if sed 's/\${WEB_HOST:-0\.0\.0\.0}//g' "$PROCFILE" | grep -q '0\.0\.0\.0'; then
    die "the Procfile binds 0.0.0.0 in a way this script does not rewrite: $(grep -n '0\.0\.0\.0' "$PROCFILE")"
fi
for process in release web worker beat; do
    grep -q "^$process:" "$PROCFILE" || die "the Procfile has no '$process' process."
done
# -e /dev/null: this stack is the one defined here, not what a .env file adds.
HONCHO_START=("$VENV/bin/honcho" start --no-colour -f "$PROCFILE" -d "$ROOT" -e /dev/null)

# --- Release steps ----------------------------------------------------------------------
say "release: migrate (the Procfile's release process)"
"${HONCHO_START[@]}" release

# Translations: the .mo files are built, not kept in git; rebuilt when a .po is newer.
stale_messages() {
    local po
    while IFS= read -r -d '' po; do
        [ "${po%.po}.mo" -nt "$po" ] || return 0
    done < <(find "$ROOT/locale" -name '*.po' -print0)
    return 1
}
if stale_messages; then
    command -v msgfmt >/dev/null || "$ROOT/scripts/ensure-packages.sh" gettext
    say "compilemessages"
    "$PY" manage.py compilemessages --ignore=.venv --verbosity=0
fi

say "collectstatic (whitenoise serves the hashed files)"
"$PY" manage.py collectstatic --noinput --verbosity=0

password="${DEMO_PASSWORD:-leergang-demo}"
if [ "$seed" = 1 ]; then
    say "seed_demo"
    "$PY" manage.py seed_demo --password "$password" >/dev/null
fi

# --- The processes ----------------------------------------------------------------------
say "starting web.1 (:$PORT1), web.2 (:$PORT2), worker and beat with honcho"
# Honcho itself in the background (so $! is its pid, for the traps to pass a signal on).
"${HONCHO_START[@]}" -p "$PORT1" -c web=2 web worker beat &
honcho_pid=$!

up() {
    "$PY" - "$PORT1" "$PORT2" <<'EOF'
import sys, urllib.request
for port in sys.argv[1:]:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
    except Exception:
        sys.exit(1)
EOF
}
deadline=$((SECONDS + 180))
until up; do
    kill -0 "$honcho_pid" 2>/dev/null || { wait "$honcho_pid"; exit $?; }
    [ "$SECONDS" -lt "$deadline" ] || die "the web processes did not answer /healthz in 180 s."
    sleep 0.5
done
cat <<EOF

==> Leergang is up, with the production settings (Ctrl-C stops everything):
      web 1: http://127.0.0.1:$PORT1/
      web 2: http://127.0.0.1:$PORT2/
EOF
if [ "$seed" = 1 ]; then
    echo "    Demo accounts (deelnemer1@example.org, begeleider@example.org, …): password $password"
fi
echo ""

status=0
while kill -0 "$honcho_pid" 2>/dev/null; do
    wait "$honcho_pid" || status=$?  # a trapped signal ends the wait early: wait again
done
exit "$status"
