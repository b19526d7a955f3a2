"""Shared fixtures of the functional tests: real databases, real RabbitMQ, daemons as
separate processes.

Each Deployment gets its own database (a fresh schema on MariaDB or PostgreSQL, or a
SQLite file) and its own RabbitMQ virtual host (queues are named after topics, so
only a vhost keeps two deployments' "conductor" queues apart), so tests and developers
running at once do not see each other's messages.

With CI=true a missing service fails the test; elsewhere it skips it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa

RABBIT_URL = 'rabbit://guest:guest@127.0.0.1:5672/'
MARIADB_ADMIN_URL = 'mysql+pymysql://root@127.0.0.1:3306/'
POSTGRES_ADMIN_URL = 'postgresql+psycopg2://postgres@127.0.0.1:5432/postgres'
BACKEND_PORTS = {'rabbitmq': 5672, 'mariadb': 3306, 'postgresql': 5432}


def port_open(port: int, host: str = '127.0.0.1') -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(service: str) -> None:
    """Skip (fail under CI=true) when a backing service does not answer."""
    if port_open(BACKEND_PORTS[service]):
        return
    message = f'{service} is not answering on 127.0.0.1:{BACKEND_PORTS[service]}'
    if os.environ.get('CI', '').lower() == 'true':
        pytest.fail(message + ' (CI=true: tests needing it must not skip)')
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def bin_path(name: str) -> str:
    """The console script `name` of the Python running the tests."""
    candidate = os.path.join(os.path.dirname(sys.executable), name)
    return candidate if os.path.exists(candidate) else shutil.which(name) or name


def rabbitmqctl(*args: str) -> None:
    subprocess.run(['rabbitmqctl', *args], check=True, capture_output=True, timeout=60)


class RabbitVhost:
    """A RabbitMQ virtual host of its own, with guest allowed everything in it."""

    def __init__(self):
        require('rabbitmq')
        self.name = f'novum_test_{uuid.uuid4().hex[:10]}'
        rabbitmqctl('add_vhost', self.name)
        rabbitmqctl('set_permissions', '-p', self.name, 'guest', '.*', '.*', '.*')
        self.url = f'{RABBIT_URL}{self.name}'

    def delete(self) -> None:
        rabbitmqctl('delete_vhost', self.name)


class Database:
    """A new, empty database on `backend` (mariadb, postgresql or sqlite)."""

    def __init__(self, backend: str, tmp_path):
        self.backend = backend
        self.name = f'novum_{uuid.uuid4().hex[:12]}'
        if backend == 'sqlite':
            self.url = f'sqlite:///{tmp_path}/{self.name}.sqlite'
            return
        require(backend)
        admin_url = MARIADB_ADMIN_URL if backend == 'mariadb' else POSTGRES_ADMIN_URL
        self._admin = sa.create_engine(admin_url, isolation_level='AUTOCOMMIT')
        with self._admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE {self.name}'))
        if backend == 'mariadb':
            self.url = f'mysql+pymysql://root@127.0.0.1:3306/{self.name}?charset=utf8mb4'
        else:
            self.url = f'postgresql+psycopg2://postgres@127.0.0.1:5432/{self.name}'

    def connections_from(self, pid: int) -> int:
        """How many connections the server has open for client process `pid`
        (compared by the client's local TCP ports)."""
        ports = _local_ports_to(pid, BACKEND_PORTS[self.backend])
        return len(ports)

    def drop(self) -> None:
        if self.backend == 'sqlite':
            return
        with self._admin.connect() as conn:
            if self.backend == 'postgresql':
                conn.execute(sa.text(
                    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                    f"WHERE datname = '{self.name}' AND pid <> pg_backend_pid()"))
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS {self.name}'))
        self._admin.dispose()


def _local_ports_to(pid: int, remote_port: int) -> set[int]:
    """Local ports of the TCP connections process `pid` has open to 127.0.0.1:remote_port."""
    inodes = set()
    fd_dir = f'/proc/{pid}/fd'
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith('socket:['):
            inodes.add(target[8:-1])
    ports = set()
    for table in ('tcp', 'tcp6'):
        try:
            with open(f'/proc/{pid}/net/{table}') as f:
                rows = f.readlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if inode in inodes and int(remote.rsplit(':', 1)[1], 16) == remote_port:
                ports.add(int(local.rsplit(':', 1)[1], 16))
    return ports


def tcp_connections(pid: int, remote_port: int) -> int:
    """Open TCP connections from process `pid` to `remote_port` (e.g. 3306, 5432)."""
    return len(_local_ports_to(pid, remote_port))


class Daemon:
    """One novum-* process started with the deployment's config files."""

    def __init__(self, name: str, argv: list[str], log_path: str, env: dict):
        self.name = name
        self.log_path = log_path
        # A restarted daemon appends to the same file: only what it wrote counts.
        self._log_offset = os.path.getsize(log_path) if os.path.exists(log_path) else 0
        self._log = open(log_path, 'ab')
        self.process = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT,
                                        env=env, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        """What this process has logged (not earlier runs into the same file)."""
        with open(self.log_path, errors='replace') as f:
            f.seek(self._log_offset)
            return f.read()

    def wait_for_log(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return
            if self.process.poll() is not None:
                raise AssertionError(f'{self.name} exited with {self.process.returncode} '
                                     f'before logging {text!r}:\n{self.log()[-4000:]}')
            time.sleep(0.1)
        raise AssertionError(f'{self.name} did not log {text!r} within {timeout}s:\n'
                             f'{self.log()[-4000:]}')

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        """Signal the whole process group (workers too) and wait for it to exit."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)
        self._log.close()

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


class Deployment:
    """A config file, a database and the daemons started against them."""

    def __init__(self, tmp_path, db_url: str, use_local: bool = False,
                 options: dict | None = None):
        self.tmp_path = tmp_path
        self.db_url = db_url
        self.exchange = f'novum_test_{uuid.uuid4().hex[:10]}'
        self.vhost = RabbitVhost()
        self.transport_url = self.vhost.url
        self.daemons: list[Daemon] = []
        base = {
            'DEFAULT': {
                'transport_url': self.transport_url,
                'control_exchange': self.exchange,
                'state_path': str(tmp_path),
                'host': 'test-conductor-host',
                'report_interval': '1',
                'service_down_time': '6',
                'rpc_response_timeout': '10',
                'debug': 'false',
            },
            'database': {'connection': db_url},
            'conductor': {'use_local': str(use_local).lower(), 'workers': '1',
                          'ready_timeout': '30'},
        }
        for section, values in (options or {}).items():
            base.setdefault(section, {}).update(values)
        self.config_file = self.write_config('novum.conf', base)

    def write_config(self, name: str, sections: dict) -> str:
        path = os.path.join(str(self.tmp_path), name)
        with open(path, 'w') as f:
            for section, values in sections.items():
                f.write(f'[{section}]\n')
                for key, value in values.items():
                    f.write(f'{key} = {value}\n')
                f.write('\n')
        return path

    def config_args(self, overrides: dict | None = None, name: str = 'extra') -> list[str]:
        args = ['--config-file', self.config_file]
        if overrides:
            args += ['--config-file', self.write_config(f'{name}.conf', overrides)]
        return args

    def env(self) -> dict:
        env = dict(os.environ)
        env.setdefault('PYTHONUNBUFFERED', '1')
        return env

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([bin_path('novum-manage'), '--config-file', self.config_file,
                               *args], capture_output=True, text=True, check=check,
                              timeout=120, env=self.env())

    def start(self, binary: str, name: str | None = None, overrides: dict | None = None,
              ready_text: str | None = 'started on host', timeout: float = 30.0) -> Daemon:
        """Start console script `binary` (e.g. novum-conductor) and wait until ready."""
        name = name or binary
        argv = [bin_path(binary), *self.config_args(overrides, name)]
        daemon = Daemon(name, argv, os.path.join(str(self.tmp_path), f'{name}.log'), self.env())
        self.daemons.append(daemon)
        if ready_text:
            daemon.wait_for_log(ready_text, timeout)
        return daemon

    def stop_all(self) -> None:
        for daemon in reversed(self.daemons):
            daemon.stop()
        self.daemons.clear()
        if self.vhost is not None:
            self.vhost.delete()
            self.vhost = None


@pytest.fixture(params=['mariadb', 'postgresql', 'sqlite'])
def database(request, tmp_path):
    """A fresh database on each backend in turn."""
    db = Database(request.param, tmp_path)
    yield db
    db.drop()


@pytest.fixture
def mariadb(tmp_path):
    db = Database('mariadb', tmp_path)
    yield db
    db.drop()


@pytest.fixture
def rabbit():
    require('rabbitmq')
    return RABBIT_URL
