"""`novum-manage daemons start|stop|status`: run a one-host deployment's daemons as
background processes, logging to $state_path/logs/<binary>.log, pid files in $state_path/run.

For development and demos; production runs each daemon under systemd (etc/systemd/).
"""

import os
import signal
import socket
import subprocess
import sys
import time

from novum import conf, exception

CONF = conf.CONF

# Start order: the conductor first (the others wait for it), the API last.
SPLIT_DAEMONS = ('novum-conductor', 'novum-scheduler', 'novum-compute', 'novum-api')
ALL_IN_ONE = ('novum-all',)
READY_TEXT = 'started on host'
# Ready once their API port answers.
API_BINARIES = ('novum-api', 'novum-all')


def _paths(binary: str) -> tuple[str, str]:
    state_path = os.path.abspath(CONF.state_path)
    return (os.path.join(state_path, 'logs', f'{binary}.log'),
            os.path.join(state_path, 'run', f'{binary}.pid'))


def _bin_path(name: str) -> str:
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    return candidate if os.path.exists(candidate) else name


def read_pid(binary: str) -> int | None:
    """The pid of `binary` from its pid file, if that process still runs."""
    _log, pid_file = _paths(binary)
    try:
        with open(pid_file) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return pid


def _api_port_open() -> bool:
    host = CONF.osapi_compute_listen
    host = '127.0.0.1' if host in ('0.0.0.0', '::') else host
    try:
        with socket.create_connection((host, CONF.osapi_compute_listen_port), timeout=1):
            return True
    except OSError:
        return False


def _is_ready(binary: str, log_path: str, log_offset: int) -> bool:
    if binary in API_BINARIES:
        return _api_port_open()
    with open(log_path, errors='replace') as f:
        f.seek(log_offset)
        return READY_TEXT in f.read()


def _start_one(binary: str, config_files: list[str], timeout: float) -> int:
    pid = read_pid(binary)
    if pid is not None:
        print(f'{binary} already running (pid {pid})')
        return pid
    if binary in API_BINARIES and _api_port_open():
        # Else the other process's socket would pass for ours being ready.
        raise exception.NovumException(
            message=f'port {CONF.osapi_compute_listen_port} is in use: is another '
                    'novum-api or novum-all running?')
    log_path, pid_file = _paths(binary)
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    os.makedirs(os.path.dirname(pid_file), exist_ok=True)
    argv = [_bin_path(binary)]
    for path in config_files:
        argv += ['--config-file', os.path.abspath(path)]
    with open(log_path, 'ab') as log:
        offset = log.tell()
        env = dict(os.environ, PYTHONUNBUFFERED='1')
        # A session of its own: stop signals the whole group (API and conductor workers).
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    with open(pid_file, 'w') as f:
        f.write(f'{process.pid}\n')
    deadline = time.monotonic() + timeout
    while not _is_ready(binary, log_path, offset):
        if process.poll() is not None:
            os.unlink(pid_file)
            raise exception.NovumException(
                message=f'{binary} exited with code {process.returncode}; see {log_path}')
        if time.monotonic() > deadline:
            _stop_one(binary, timeout=10)
            raise exception.NovumException(
                message=f'{binary} not ready within {timeout:.0f}s (stopped); see {log_path}')
        time.sleep(0.2)
    print(f'{binary} started (pid {process.pid}, log {log_path})')
    return process.pid


def _stop_one(binary: str, timeout: float) -> None:
    pid = read_pid(binary)
    _log, pid_file = _paths(binary)
    if pid is None:
        print(f'{binary} not running')
    else:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while read_pid(binary) is not None and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.1)
        if read_pid(binary) is not None:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            _reap(pid)
        print(f'{binary} stopped (pid {pid})')
    if os.path.exists(pid_file):
        os.unlink(pid_file)


def _reap(pid: int) -> None:
    """Collect our own child if we started it in this process (tests do)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _binaries(args) -> tuple[str, ...]:
    if args.only:
        return tuple(args.only)
    return ALL_IN_ONE if args.all_in_one else SPLIT_DAEMONS


def _start(args) -> None:
    started = []
    try:
        for binary in _binaries(args):
            _start_one(binary, args.config_file, args.timeout)
            started.append(binary)
    except exception.NovumException:
        for binary in reversed(started):
            _stop_one(binary, args.timeout)
        raise


def _stop(args) -> None:
    for binary in reversed(_binaries(args)):
        _stop_one(binary, args.timeout)


def _status(args) -> None:
    running = 0
    for binary in _binaries(args):
        pid = read_pid(binary)
        log_path, _pid_file = _paths(binary)
        state = f'running (pid {pid})' if pid else 'stopped'
        running += pid is not None
        print(f'{binary:16} {state:24} {log_path}')
    if not running:
        raise exception.NovumException(message='no daemon is running')


def build_parser(categories) -> None:
    daemons = categories.add_parser(
        'daemons', help='Start, stop or check the daemons of this host in the background.'
    ).add_subparsers(dest='action', required=True)
    for action, func in (('start', _start), ('stop', _stop), ('status', _status)):
        parser = daemons.add_parser(action, help=f'{action.capitalize()} the daemons.')
        group = parser.add_mutually_exclusive_group()
        group.add_argument('--all-in-one', action='store_true',
                           help='Only novum-all (embedded default) instead of '
                                'conductor, scheduler, compute and API.')
        group.add_argument('--only', action='append', choices=SPLIT_DAEMONS + ALL_IN_ONE,
                           help='Only this daemon (repeatable).')
        parser.add_argument('--timeout', type=float, default=60.0,
                            help='Seconds to wait for each daemon to be ready or to stop.')
        parser.set_defaults(func=func)
