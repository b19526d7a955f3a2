"""A RabbitMQ node of a test's own, on free ports, with its data and logs in the test's
tmp directory: a test can stop and start it without touching the shared node on 5672.
"""

import os
import shutil
import signal
import subprocess
import time
import uuid

from tests.functional import fixtures

SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server'


class RabbitNode:
    """`start()`, `stop()` (SIGTERM, as a broker restart) and `kill()`; `url` for guest."""

    def __init__(self, tmp_path):
        if not os.path.exists(SERVER) and not shutil.which('rabbitmq-server'):
            fixtures.require('rabbitmq-server')     # skip (fail under CI=true)
        self.base = os.path.join(str(tmp_path), 'rabbit')
        os.makedirs(self.base, exist_ok=True)
        self.name = f'novum_test_{uuid.uuid4().hex[:8]}@localhost'
        self.port = fixtures.free_port()
        self.dist_port = fixtures.free_port()
        self.url = f'rabbit://guest:guest@127.0.0.1:{self.port}/'
        config = os.path.join(self.base, 'rabbitmq')
        with open(config + '.conf', 'w') as f:
            f.write(f'listeners.tcp.default = 127.0.0.1:{self.port}\n'
                    'loopback_users.guest = true\n'
                    # A small test machine: never block publishers for disk or memory.
                    'disk_free_limit.absolute = 1\n'
                    'vm_memory_high_watermark.relative = 0.9\n')
        plugins = os.path.join(self.base, 'enabled_plugins')
        with open(plugins, 'w') as f:
            f.write('[].\n')
        self.env = {**os.environ,
                    'RABBITMQ_NODENAME': self.name,
                    'RABBITMQ_NODE_IP_ADDRESS': '127.0.0.1',
                    'RABBITMQ_NODE_PORT': str(self.port),
                    'RABBITMQ_DIST_PORT': str(self.dist_port),
                    'RABBITMQ_MNESIA_BASE': os.path.join(self.base, 'mnesia'),
                    'RABBITMQ_LOG_BASE': os.path.join(self.base, 'log'),
                    'RABBITMQ_PID_FILE': os.path.join(self.base, 'rabbit.pid'),
                    'RABBITMQ_CONFIG_FILE': config,
                    'RABBITMQ_ENABLED_PLUGINS_FILE': plugins,
                    'RABBITMQ_CONF_ENV_FILE': os.path.join(self.base, 'rabbitmq-env.conf')}
        open(self.env['RABBITMQ_CONF_ENV_FILE'], 'w').close()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> None:
        log = open(os.path.join(self.base, 'server.out'), 'ab')
        self.process = subprocess.Popen([SERVER], env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True,
                                        cwd=self.base)
        deadline = time.monotonic() + timeout
        while not fixtures.port_open(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                with open(os.path.join(self.base, 'server.out'), errors='replace') as f:
                    raise AssertionError(f'RabbitMQ node {self.name} did not start:\n'
                                         f'{f.read()[-3000:]}')
            time.sleep(0.2)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout)
        deadline = time.monotonic() + timeout
        while fixtures.port_open(self.port) and time.monotonic() < deadline:
            time.sleep(0.1)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)
