#!/usr/bin/env bash
# Install Debian packages the project needs when their command is missing.
#   scripts/ensure-packages.sh gettext|chromium|redis-server|default-jre-headless ...
set -euo pipefail
declare -A COMMAND=([gettext]=msgfmt [chromium]=chromium [redis-server]=redis-server
                    [default-jre-headless]=java)
missing=()
for pkg in "$@"; do
    cmd="${COMMAND[$pkg]:-$pkg}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> installing ${missing[*]} with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "error: missing ${missing[*]}: install with 'sudo apt-get install -y ${missing[*]}' and run again." >&2
    exit 1
fi
