"""novum-conductor as a real daemon on RabbitMQ and each database backend, used by a
separate client process through object indirection, compared with use_local."""

import json
import os
import subprocess
import sys
import time

import pytest

from tests.functional import fixtures

pytestmark = pytest.mark.functional

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Client:
    """tests/functional/conductor_client.py in its own process, driven line by line."""

    def __init__(self, deployment: fixtures.Deployment, use_local: bool, name: str):
        sections = {
            'DEFAULT': {'transport_url': deployment.transport_url,
                        'control_exchange': deployment.exchange,
                        'rpc_response_timeout': '3'},
            'conductor': {'use_local': str(use_local).lower()},
        }
        if use_local:
            # Only the use_local client is told where the database is.
            sections['database'] = {'connection': deployment.db_url}
        config_file = deployment.write_config(f'{name}.conf', sections)
        env = dict(os.environ, PYTHONPATH=REPO, NOVUM_TEST_PROJECT=name)
        if deployment.db_url.startswith('sqlite:///'):
            env['NOVUM_TEST_DB_FILE'] = deployment.db_url[len('sqlite:///'):]
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'tests.functional.conductor_client',
             '--config-file', config_file], cwd=REPO, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=open(os.path.join(str(deployment.tmp_path), f'{name}.log'), 'w'))
        assert self._read() == {'ready': True}

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        assert line, f'client exited with {self.process.wait()}'
        return json.loads(line)

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + '\n')
        self.process.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write('quit\n')
            self.process.stdin.close()
            self.process.wait(10)


def _deployment(db: fixtures.Database, tmp_path):
    deployment = fixtures.Deployment(tmp_path, db.url)
    deployment.manage('db', 'sync')
    yield deployment
    deployment.stop_all()


@pytest.fixture
def deployment(database, rabbit, tmp_path):
    """A deployment on each database backend in turn."""
    yield from _deployment(database, tmp_path)


@pytest.fixture
def mariadb_deployment(mariadb, rabbit, tmp_path):
    yield from _deployment(mariadb, tmp_path)


def start_conductor(deployment: fixtures.Deployment) -> fixtures.Daemon:
    daemon = deployment.start('novum-conductor', overrides={'conductor': {'workers': '2'}})
    daemon.wait_for_log('Starting 2 workers')
    return daemon


def test_client_without_db_gets_the_same_results_as_use_local(deployment, database):
    start_conductor(deployment)

    remote_client = Client(deployment, use_local=False, name='remote-client')
    local_client = Client(deployment, use_local=True, name='local-client')
    try:
        remote = remote_client.ask('scenario')
        local = local_client.ask('scenario')
    finally:
        remote_client.close()
        local_client.close()

    assert 'error' not in remote, remote
    assert 'error' not in local, local
    remote_scenario, local_scenario = remote['scenario'], local['scenario']
    assert remote_scenario.pop('uuid') != local_scenario.pop('uuid')
    assert remote_scenario == local_scenario
    assert remote_scenario['fetched'] == [True, 'active', None, 'm1.small',
                                          {'role': 'web', 'tier': '1'}]
    assert remote_scenario['errors'] == [
        'UnexpectedTaskStateError',
        'Instance 00000000-0000-0000-0000-000000000000 could not be found.']
    # The remote client never opened the database: no engine, no socket to a database
    # server, no handle on the SQLite file, and a direct DB call is refused by name.
    assert remote['proof'] == {
        'engine_started': False, 'db_tcp_connections': 0, 'db_files_open': [],
        'direct_db_call': 'novum-api attempted direct database access '
                          '(instance_get_by_uuid), which is not allowed: only '
                          'novum-conductor opens the database.'}
    # ...while the use_local client did open it itself.
    assert local['proof']['engine_started'] is True
    assert local['proof']['direct_db_call'] is None


def test_stopped_conductor_gives_a_clear_timeout_and_a_restarted_one_serves_again(
        mariadb_deployment):
    deployment = mariadb_deployment
    conductor = start_conductor(deployment)
    client = Client(deployment, use_local=False, name='client')
    try:
        created = client.ask('scenario')
        uuid = created['scenario']['uuid']
        assert client.ask(f'get {uuid}') == {'vm_state': 'active'}

        conductor.stop()
        started = time.monotonic()
        failed = client.ask(f'get {uuid}')
        waited = time.monotonic() - started
        assert failed == {
            'error': 'ConductorTimeout', 'is_messaging_timeout': True,
            'message': 'No answer from novum-conductor to Instance.get_by_uuid within 3 '
                       'seconds (topic conductor): is novum-conductor running and reachable?'}
        assert waited < 30

        start_conductor(deployment)
        assert client.ask(f'get {uuid}') == {'vm_state': 'active'}
    finally:
        client.close()
