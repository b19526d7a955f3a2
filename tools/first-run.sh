#!/usr/bin/env bash
# First run of Novum on a fresh machine (only Python >= 3.11 and PyPI needed):
# a venv in .venv, `pip install -e .`, novum-all on the embedded default (SQLite and
# in-process messaging, state in ./state), a cirros image, `novum boot --wait vm1`,
# `novum list`, then novum-all is stopped (unless --keep-running).
#
#   bash tools/first-run.sh [--keep-running]
#
# Environment: PYTHON (default python3), NOVUM_VENV (default .venv), NOVUM_API_PORT
# (default 8774), FIRST_RUN_TIMEOUT (seconds for the boot, default 120).
set -euo pipefail

KEEP_RUNNING=false
for arg in "$@"; do
    case "$arg" in
        --keep-running) KEEP_RUNNING=true ;;
        -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
REPO=$(pwd)
PYTHON=${PYTHON:-python3}
VENV=${NOVUM_VENV:-$REPO/.venv}
PORT=${NOVUM_API_PORT:-8774}
STATE=$REPO/state
CONF=$STATE/novum.conf
BOOT_TIMEOUT=${FIRST_RUN_TIMEOUT:-120}

step() { printf '\n==> %s\n' "$*"; }

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "Novum needs Python >= 3.11 ($PYTHON is $("$PYTHON" -V 2>&1))" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
    step "Creating the virtualenv $VENV"
    if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
        # Debian without python3-venv has no ensurepip: make the venv without pip and
        # let the system pip install pip into it.
        rm -rf "$VENV"
        "$PYTHON" -m venv --without-pip "$VENV"
        "$PYTHON" -m pip --python "$VENV/bin/python" install --quiet pip
    fi
fi
if [ ! -x "$VENV/bin/novum-all" ] || ! "$VENV/bin/python" -c 'import novum.cli.main' 2>/dev/null
then
    step "Installing Novum and its dependencies (pip install -e .)"
    timeout 1200 "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e .
fi

NOVUM=$VENV/bin/novum
MANAGE=("$VENV/bin/novum-manage" --config-file "$CONF")
export OS_COMPUTE_API=http://127.0.0.1:$PORT/v2.1 OS_USERNAME=demo OS_PROJECT_NAME=demo
unset OS_AUTH_URL OS_TOKEN

mkdir -p "$STATE"
if [ ! -f "$CONF" ]; then
    step "Writing $CONF (embedded default: SQLite in $STATE, in-process messaging)"
    cat > "$CONF" <<EOF
[DEFAULT]
# Everything in one process: in-memory messaging, no RabbitMQ needed.
transport_url = fake://
state_path = $STATE
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = $PORT
report_interval = 5

[api]
auth_strategy = noauth2
EOF
fi

step "Database schema and the cirros image"
"${MANAGE[@]}" db sync
images=$("${MANAGE[@]}" image list --format json)
if ! grep -q '"Name": "cirros"' <<< "$images"; then
    "${MANAGE[@]}" image register cirros --min-disk 1 --property hw_architecture=x86_64
fi

stop_novum() {
    local status=$?
    if [ "$status" != 0 ] && [ -f "$STATE/logs/novum-all.log" ]; then
        printf '\nFailed (exit %s). The end of %s:\n' "$status" "$STATE/logs/novum-all.log" >&2
        tail -n 30 "$STATE/logs/novum-all.log" >&2
    fi
    if [ "$KEEP_RUNNING" = true ] && [ "$status" = 0 ]; then
        printf '\nnovum-all keeps running on %s; stop it with:\n  %s daemons stop --all-in-one\n' \
            "$OS_COMPUTE_API" "${MANAGE[*]}"
    else
        step "Stopping novum-all"
        "${MANAGE[@]}" daemons stop --all-in-one
    fi
}
trap stop_novum EXIT

step "Starting novum-all (log: $STATE/logs/novum-all.log)"
"${MANAGE[@]}" daemons start --all-in-one --timeout 60

# A rerun starts from a clean slate: the server of the previous run goes first.
vm1_ids() {  # IDs of the servers named exactly vm1 [with status $1]
    "$NOVUM" list --name vm1 ${1:+--status "$1"} --format json | "$VENV/bin/python" -c \
        'import json, sys; print(" ".join(s["ID"] for s in json.load(sys.stdin) if s["Name"] == "vm1"))'
}
previous_ids=$(vm1_ids)
if [ -n "$previous_ids" ]; then
    # shellcheck disable=SC2086
    "$NOVUM" delete --wait $previous_ids
fi

step "novum boot --flavor m1.tiny --image cirros --wait vm1"
"$NOVUM" boot --flavor m1.tiny --image cirros --wait --timeout "$BOOT_TIMEOUT" vm1

step "novum list"
"$NOVUM" list

[ -n "$(vm1_ids ACTIVE)" ] || { echo "vm1 is not ACTIVE" >&2; exit 1; }
echo
echo "First run OK: vm1 is ACTIVE."
