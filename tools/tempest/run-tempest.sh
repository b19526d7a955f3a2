#!/usr/bin/env bash
# Run Tempest's compute API tests against Novum behind a real Keystone (all on 127.0.0.1).
#
#   tools/tempest/run-tempest.sh                        # the default compute API groups
#   tools/tempest/run-tempest.sh --regex 'tempest\.api\.compute\.keypairs' --concurrency 1
#   tools/tempest/run-tempest.sh --serve                # set up, write tempest.conf, wait
#
# Needs RabbitMQ and MariaDB on 127.0.0.1, Novum's venv (NOVUM_VENV, default /work/venv,
# with keystone and gunicorn) and a separate Tempest venv (TEMPEST_VENV, default
# /work/tempest-venv), created on first use with `pip install tempest==47.*`.
# Options: see `tools/tempest/run-tempest.sh --help` (launch.py).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NOVUM_VENV="${NOVUM_VENV:-/work/venv}"
export TEMPEST_VENV="${TEMPEST_VENV:-/work/tempest-venv}"

if [ ! -x "$TEMPEST_VENV/bin/tempest" ]; then
    python3 -m venv "$TEMPEST_VENV"
    "$TEMPEST_VENV/bin/pip" install -q 'tempest==47.*'
fi

exec timeout --signal=TERM --kill-after=60 "${RUN_TEMPEST_TIMEOUT:-5400}" \
    "$NOVUM_VENV/bin/python" "$HERE/launch.py" "$@"
